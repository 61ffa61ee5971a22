// The once-per-call argument check of the fast conv2d kernels (conv2dFast.ts, wasm/conv2dSimd.ts): the shape is
// whole and fits, and every array has exactly the length the shape implies. Returns the sizes their loops need.

import { assert } from '../assert'
import { conv2dOutputSize } from './conv2d'
import type { Conv2dShape } from './conv2d'

export type Conv2dDims = Readonly<{
  N: number
  C: number
  OC: number
  CKK: number
  OHW: number
  imageSize: number
}>

/** Checks the shape and every array length once per call; returns the sizes the loops need. */
export function checkConv2dArguments(
  where: string,
  shape: Conv2dShape,
  arrays: Readonly<Record<string, Float32Array>>,
): Conv2dDims {
  const { batch: N, inChannels: C, height: H, width: W, outChannels: OC, kernelSize: K, stride: S } = shape
  const P = shape.pad
  const sizes = [N, C, H, W, OC, K, S]
  assert(
    sizes.every((size) => Number.isInteger(size) && size >= 1) && Number.isInteger(P) && P >= 0,
    () => `${where}: shape needs whole sizes ≥ 1 and pad ≥ 0, got ${JSON.stringify(shape)}`,
  )
  const OH = conv2dOutputSize(H, K, S, P)
  const OW = conv2dOutputSize(W, K, S, P)
  assert(OH >= 1 && OW >= 1, () => `${where}: a ${K}×${K} kernel with pad ${P} does not fit ${H}×${W}`)
  const expected: Record<string, number> = {
    input: N * C * H * W,
    dInput: N * C * H * W,
    weights: OC * C * K * K,
    dWeights: OC * C * K * K,
    bias: OC,
    dBias: OC,
    out: N * OC * OH * OW,
    dOut: N * OC * OH * OW,
  }
  for (const [name, values] of Object.entries(arrays)) {
    assert(
      values.length === expected[name],
      () =>
        `${where}: ${name} has ${values.length} values, expected ${expected[name]} for ${JSON.stringify(shape)}`,
    )
  }
  return { N, C, OC, CKK: C * K * K, OHW: OH * OW, imageSize: C * H * W }
}

// The fast 2-D convolution: the contract of conv2dForward / conv2dBackward (conv2d.ts, the naive reference it is
// tested against), computed per image as im2col + one matrix multiply. The multiply is a parameter
// (conv2dForwardWith / conv2dBackwardWith: the TypeScript matmul or the WebAssembly SIMD one); conv2dForwardFast
// and conv2dBackwardFast take the fastest this runtime has. Not threaded: threads split the batch above this.
//
// N = batch, C = input channels, H/W = input height/width, OC = output channels, K = kernel size, S = stride,
// P = padding, OH/OW = output size, CKK = C*K*K (one filter's length), OHW = OH*OW (output positions)
// input is (N, C, H, W), weights is (OC, C, K, K) = (OC, CKK), bias is (OC), out is (N, OC, OH, OW)
// Per image n:  out[n] (OC, OHW) = weights (OC, CKK) · col (CKK, OHW) + bias,    col = im2col(input[n])
//               dWeights += dOut[n] · colᵀ,    dInput[n] += col2im(weightsᵀ · dOut[n]),    dBias += Σ dOut[n]

import { assert } from '../assert'
import { conv2dOutputSize } from './conv2d'
import type { Conv2dShape } from './conv2d'
import { col2imAdd, im2col } from './im2col'
import type { MatmulKernel } from './matmul'
import { fastestMatmul } from './wasm/matmulSimd'

/** Scratch for one image's column matrix, grown on demand and kept: one per thread (module instance). */
let columnScratch = new Float32Array(0)

function columns(length: number): Float32Array {
  if (columnScratch.length < length) {
    columnScratch = new Float32Array(length)
  }
  return columnScratch.subarray(0, length)
}

type Dims = Readonly<{ N: number; C: number; OC: number; CKK: number; OHW: number; imageSize: number }>

/** Checks the shape and every array length once per call; returns the sizes the loops need. */
function dimsOf(where: string, shape: Conv2dShape, arrays: Readonly<Record<string, Float32Array>>): Dims {
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

/** A 1×1 kernel at stride 1 without padding reads the image as it is: its column matrix is the image. */
function isPointwise(shape: Conv2dShape): boolean {
  return shape.kernelSize === 1 && shape.stride === 1 && shape.pad === 0
}

/** conv2dForward with the given matrix multiply. Overwrites out. */
export function conv2dForwardWith(
  multiply: MatmulKernel,
  out: Float32Array,
  input: Float32Array,
  weights: Float32Array,
  bias: Float32Array,
  shape: Conv2dShape,
): void {
  const { N, OC, CKK, OHW, imageSize } = dimsOf('conv2dForwardFast', shape, { out, input, weights, bias })
  const pointwise = isPointwise(shape)
  const col = pointwise ? null : columns(CKK * OHW)
  for (let n = 0; n < N; n++) {
    const outImage = out.subarray(n * OC * OHW, (n + 1) * OC * OHW)
    for (let oc = 0; oc < OC; oc++) {
      outImage.fill(bias[oc], oc * OHW, (oc + 1) * OHW)
    }
    let source: Float32Array
    if (col === null) {
      source = input.subarray(n * imageSize, (n + 1) * imageSize)
    } else {
      im2col(col, input, n, shape)
      source = col
    }
    multiply(outImage, weights, source, { rows: OC, inner: CKK, columns: OHW }, { accumulate: true })
  }
}

/** conv2dBackward with the given matrix multiply. Accumulates (+=) into dInput, dWeights and dBias. */
export function conv2dBackwardWith(
  multiply: MatmulKernel,
  dInput: Float32Array,
  dWeights: Float32Array,
  dBias: Float32Array,
  dOut: Float32Array,
  input: Float32Array,
  weights: Float32Array,
  shape: Conv2dShape,
): void {
  const arrays = { dInput, dWeights, dBias, dOut, input, weights }
  const { N, OC, CKK, OHW, imageSize } = dimsOf('conv2dBackwardFast', shape, arrays)
  const pointwise = isPointwise(shape)
  // Two scratch matrices of the same size: the image's columns, and the gradient with respect to them.
  const scratch = pointwise ? null : columns(2 * CKK * OHW)
  for (let n = 0; n < N; n++) {
    const dOutImage = dOut.subarray(n * OC * OHW, (n + 1) * OC * OHW)
    for (let oc = 0; oc < OC; oc++) {
      let sum = 0
      for (let p = oc * OHW; p < (oc + 1) * OHW; p++) {
        sum += dOutImage[p]
      }
      dBias[oc] += sum
    }
    const inputImage = input.subarray(n * imageSize, (n + 1) * imageSize)
    // dWeights (OC, CKK) += dOut[n] (OC, OHW) · colᵀ;  dCol (CKK, OHW) = weightsᵀ · dOut[n]
    const byColumns = { rows: OC, inner: OHW, columns: CKK }
    const byWeights = { rows: CKK, inner: OC, columns: OHW }
    if (scratch === null) {
      const dInputImage = dInput.subarray(n * imageSize, (n + 1) * imageSize)
      multiply(dWeights, dOutImage, inputImage, byColumns, { transposeB: true, accumulate: true })
      multiply(dInputImage, weights, dOutImage, byWeights, { transposeA: true, accumulate: true })
      continue
    }
    const col = scratch.subarray(0, CKK * OHW)
    const dCol = scratch.subarray(CKK * OHW)
    im2col(col, input, n, shape)
    multiply(dWeights, dOutImage, col, byColumns, { transposeB: true, accumulate: true })
    multiply(dCol, weights, dOutImage, byWeights, { transposeA: true })
    col2imAdd(dInput, dCol, n, shape)
  }
}

/** conv2dForward (conv2d.ts), fast: im2col + the fastest matmul here (WebAssembly SIMD, else TypeScript). */
export function conv2dForwardFast(
  out: Float32Array,
  input: Float32Array,
  weights: Float32Array,
  bias: Float32Array,
  shape: Conv2dShape,
): void {
  conv2dForwardWith(fastestMatmul(), out, input, weights, bias, shape)
}

/** conv2dBackward (conv2d.ts), fast: im2col + the fastest matmul here. Accumulates. */
export function conv2dBackwardFast(
  dInput: Float32Array,
  dWeights: Float32Array,
  dBias: Float32Array,
  dOut: Float32Array,
  input: Float32Array,
  weights: Float32Array,
  shape: Conv2dShape,
): void {
  conv2dBackwardWith(fastestMatmul(), dInput, dWeights, dBias, dOut, input, weights, shape)
}

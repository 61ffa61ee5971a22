// The fast dense kernels against the naive ones (dense.ts), on every matmul they can run on, for sizes that hit
// the ragged edges of the matmul tiles (ten outputs, odd batches). Backward starts from non-zero gradients.

import { describe, expect, test } from 'vitest'
import { denseBackward, denseForward } from '../../../../app/engine/kernels/dense'
import type { DenseShape } from '../../../../app/engine/kernels/dense'
import {
  denseBackwardFast,
  denseBackwardWith,
  denseForwardFast,
  denseForwardWith,
} from '../../../../app/engine/kernels/denseFast'
import { matmul } from '../../../../app/engine/kernels/matmul'
import { matmulSimd } from '../../../../app/engine/kernels/wasm/matmulSimd'
import { isSimdAvailable } from '../../../../app/engine/kernels/wasm/simdModule'
import type { BackwardKernel, ForwardKernel } from '../../../../app/engine/layers/weightedLayer'
import { expectClose, randomArray } from '../testUtils'

type Variant = Readonly<{
  name: string
  forward: ForwardKernel<DenseShape>
  backward: BackwardKernel<DenseShape>
}>

const VARIANTS: readonly Variant[] = [
  {
    name: 'TS matmul',
    forward: (...args) => denseForwardWith(matmul, ...args),
    backward: (...args) => denseBackwardWith(matmul, ...args),
  },
  ...(isSimdAvailable()
    ? [
        {
          name: 'WebAssembly SIMD matmul',
          forward: (...args) => denseForwardWith(matmulSimd, ...args),
          backward: (...args) => denseBackwardWith(matmulSimd, ...args),
        } satisfies Variant,
      ]
    : []),
  { name: 'denseForwardFast / denseBackwardFast', forward: denseForwardFast, backward: denseBackwardFast },
]

const SHAPES: DenseShape[] = [
  { batch: 1, inFeatures: 1, outFeatures: 1 },
  { batch: 3, inFeatures: 7, outFeatures: 5 },
  { batch: 64, inFeatures: 784, outFeatures: 10 }, // N1's classifier
  { batch: 13, inFeatures: 4096, outFeatures: 128 }, // N3's first dense layer, odd batch
]

const CASES = SHAPES.flatMap((shape) => VARIANTS.map((variant) => ({ shape, variant })))

describe.each(CASES)(
  '$variant.name, batch $shape.batch, $shape.inFeatures → $shape.outFeatures',
  ({ shape, variant }) => {
    const { batch: N, inFeatures: IN, outFeatures: OUT } = shape
    const input = randomArray(N * IN, 1)
    const weights = randomArray(OUT * IN, 2)
    const bias = randomArray(OUT, 3)
    const tolerance = { atol: 2e-4, rtol: 2e-4 }

    test('forward writes every output and matches denseForward', () => {
      const expected = new Float32Array(N * OUT)
      denseForward(expected, input, weights, bias, shape)
      const actual = new Float32Array(N * OUT).fill(NaN)
      variant.forward(actual, input, weights, bias, shape)
      expectClose(actual, expected, tolerance)
    })

    test('backward accumulates what denseBackward does', () => {
      const dOut = randomArray(N * OUT, 4)
      const starts = [randomArray(N * IN, 5), randomArray(OUT * IN, 6), randomArray(OUT, 7)]
      const expected = starts.map((values) => Float32Array.from(values))
      denseBackward(expected[0], expected[1], expected[2], dOut, input, weights, shape)
      const actual = starts.map((values) => Float32Array.from(values))
      variant.backward(actual[0], actual[1], actual[2], dOut, input, weights, shape)
      actual.forEach((values, i) => expectClose(values, expected[i], tolerance))
    })
  },
)

test('a bias of the wrong length is refused, naming it', () => {
  const shape = { batch: 2, inFeatures: 3, outFeatures: 4 }
  const run = () =>
    denseForwardFast(
      new Float32Array(8),
      new Float32Array(6),
      new Float32Array(12),
      new Float32Array(3),
      shape,
    )
  expect(run).toThrow('denseForwardFast: bias has 3 values, expected 4')
})

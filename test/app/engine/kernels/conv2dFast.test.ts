// Conformance of every fast conv2d variant with the naive reference (conv2d.ts), forward and backward, over a
// table of shapes: kernel 1/3/5/7, stride 1/2, pad 0/1/2, odd sizes, 1..16 channels in and out, batch 1..4,
// plus the layer shapes of the benchmark nets. Backward starts from non-zero gradients to check it accumulates.

import { describe, expect, test } from 'vitest'
import { conv2dBackward, conv2dForward, conv2dOutputSize } from '../../../../app/engine/kernels/conv2d'
import type { Conv2dShape } from '../../../../app/engine/kernels/conv2d'
import {
  conv2dBackwardFast,
  conv2dBackwardWith,
  conv2dForwardFast,
  conv2dForwardWith,
} from '../../../../app/engine/kernels/conv2dFast'
import { conv2dBackwardSimd, conv2dForwardSimd } from '../../../../app/engine/kernels/wasm/conv2dSimd'
import { matmul, matmulNaive } from '../../../../app/engine/kernels/matmul'
import type { MatmulKernel } from '../../../../app/engine/kernels/matmul'
import { matmulSimd } from '../../../../app/engine/kernels/wasm/matmulSimd'
import { isSimdAvailable } from '../../../../app/engine/kernels/wasm/simdModule'
import type { BackwardKernel, ForwardKernel } from '../../../../app/engine/layers/weightedLayer'
import { expectClose, maxRelativeError, numericGradient, randomArray } from '../testUtils'

type Variant = Readonly<{
  name: string
  forward: ForwardKernel<Conv2dShape>
  backward: BackwardKernel<Conv2dShape>
}>

function withMatmul(name: string, multiply: MatmulKernel): Variant {
  return {
    name,
    forward: (...args) => conv2dForwardWith(multiply, ...args),
    backward: (...args) => conv2dBackwardWith(multiply, ...args),
  }
}

/** Every way the fast convolution can run; the naive matmul one checks im2col/col2im on their own. */
const VARIANTS: readonly Variant[] = [
  withMatmul('im2col + naive matmul', matmulNaive),
  withMatmul('im2col + blocked TS matmul', matmul),
  ...(isSimdAvailable()
    ? [
        withMatmul('im2col + WebAssembly SIMD matmul', matmulSimd),
        { name: 'all in WebAssembly SIMD', forward: conv2dForwardSimd, backward: conv2dBackwardSimd },
      ]
    : []),
  {
    name: 'conv2dForwardFast / conv2dBackwardFast',
    forward: conv2dForwardFast,
    backward: conv2dBackwardFast,
  },
]

const CHANNELS = [1, 2, 3, 5, 8, 16]

/** Every kernel × stride × pad combination, with odd sizes and channel counts that vary from case to case. */
function shapeTable(): Conv2dShape[] {
  const shapes: Conv2dShape[] = []
  let index = 0
  for (const kernelSize of [1, 3, 5, 7]) {
    for (const stride of [1, 2]) {
      for (const pad of [0, 1, 2]) {
        const height = Math.max(1, kernelSize - 2 * pad) + ((index * 3) % 7)
        const width = Math.max(1, kernelSize - 2 * pad) + ((index * 5 + 2) % 9)
        shapes.push({
          batch: 1 + (index % 4),
          inChannels: CHANNELS[index % CHANNELS.length],
          height,
          width,
          outChannels: CHANNELS[(index * 5 + 1) % CHANNELS.length],
          kernelSize,
          stride,
          pad,
        })
        index++
      }
    }
  }
  return shapes
}

const conv = (C: number, H: number, OC: number, K: number, P: number, batch = 2): Conv2dShape => ({
  batch,
  inChannels: C,
  height: H,
  width: H,
  outChannels: OC,
  kernelSize: K,
  stride: 1,
  pad: P,
})

const NAMED_SHAPES: readonly [string, Conv2dShape][] = [
  ['N1 conv 1 (28×28×1 → 8, 5×5 pad 2)', conv(1, 28, 8, 5, 2)],
  ['N1 conv 2 (14×14×8 → 16, 5×5 pad 2)', conv(8, 14, 16, 5, 2)],
  ['N2 conv 3 (8×8×20 → 20, 5×5 pad 2)', conv(20, 8, 20, 5, 2)],
  ['N3 conv 2 (32×32×32 → 32, 3×3 pad 1)', conv(32, 32, 32, 3, 1, 1)],
  ['N3 conv 3 (16×16×32 → 64, 3×3 pad 1)', conv(32, 16, 64, 3, 1, 1)],
  ['window larger than the image, in the padding', { ...conv(2, 3, 3, 7, 3), stride: 2 }],
  ['1×1 at stride 2 (not pointwise)', { ...conv(4, 9, 6, 1, 0), stride: 2 }],
]

const CASES = [...shapeTable().map((shape) => [label(shape), shape] as const), ...NAMED_SHAPES].flatMap(
  ([caseName, shape]) => VARIANTS.map((variant) => ({ caseName, shape, variant })),
)

function label(shape: Conv2dShape): string {
  const { batch, inChannels, height, width, outChannels, kernelSize, stride, pad } = shape
  return `N${batch} ${height}×${width}×${inChannels} → ${outChannels}, ${kernelSize}×${kernelSize} s${stride} p${pad}`
}

function sizes(shape: Conv2dShape) {
  const OH = conv2dOutputSize(shape.height, shape.kernelSize, shape.stride, shape.pad)
  const OW = conv2dOutputSize(shape.width, shape.kernelSize, shape.stride, shape.pad)
  return {
    input: shape.batch * shape.inChannels * shape.height * shape.width,
    weights: shape.outChannels * shape.inChannels * shape.kernelSize ** 2,
    out: shape.batch * shape.outChannels * OH * OW,
  }
}

describe.each(CASES)('$variant.name, $caseName', ({ shape, variant }) => {
  const count = sizes(shape)
  const input = randomArray(count.input, 1)
  const weights = randomArray(count.weights, 2)
  const bias = randomArray(shape.outChannels, 3)
  // Sums of up to C*K*K = 784 products of values in [-1, 1]; float32 rounding differs with the summation order.
  const tolerance = { atol: 2e-4, rtol: 2e-4 }

  test('forward writes every output value and matches the naive kernel', () => {
    const expected = new Float32Array(count.out)
    conv2dForward(expected, input, weights, bias, shape)
    const actual = new Float32Array(count.out).fill(NaN)
    variant.forward(actual, input, weights, bias, shape)
    expectClose(actual, expected, tolerance)
  })

  test('backward accumulates the same gradients as the naive kernel', () => {
    const dOut = randomArray(count.out, 4)
    const start = {
      dInput: randomArray(count.input, 5),
      dWeights: randomArray(count.weights, 6),
      dBias: randomArray(shape.outChannels, 7),
    }
    const expected = {
      dInput: Float32Array.from(start.dInput),
      dWeights: Float32Array.from(start.dWeights),
      dBias: Float32Array.from(start.dBias),
    }
    conv2dBackward(expected.dInput, expected.dWeights, expected.dBias, dOut, input, weights, shape)
    const actual = {
      dInput: Float32Array.from(start.dInput),
      dWeights: Float32Array.from(start.dWeights),
      dBias: Float32Array.from(start.dBias),
    }
    variant.backward(actual.dInput, actual.dWeights, actual.dBias, dOut, input, weights, shape)
    expectClose(actual.dInput, expected.dInput, tolerance)
    expectClose(actual.dWeights, expected.dWeights, tolerance)
    expectClose(actual.dBias, expected.dBias, tolerance)
  })
})

describe.each(VARIANTS)('argument checks: $name', ({ forward, backward }) => {
  const shape = conv(2, 5, 3, 3, 1, 1)
  const count = sizes(shape)

  test('a short weights array is named with its expected length', () => {
    const run = () =>
      forward(
        new Float32Array(count.out),
        new Float32Array(count.input),
        new Float32Array(5),
        new Float32Array(3),
        shape,
      )
    expect(run).toThrow(new RegExp(`^conv2dForward\\w+: weights has 5 values, expected ${count.weights}`))
  })

  test('a kernel that does not fit is refused', () => {
    const bad = { ...shape, kernelSize: 9 }
    const empty = new Float32Array(0)
    const run = () =>
      backward(new Float32Array(50), empty, new Float32Array(3), empty, new Float32Array(50), empty, bad)
    expect(run).toThrow(/^conv2dBackward\w+: a 9×9 kernel with pad 1 does not fit 5×5/)
  })
})

describe.each(VARIANTS)('finite differences: $name', ({ forward, backward }) => {
  // What the layers' gradient checks will see once they use these kernels: f = Σ forward(input) · projection,
  // whose gradient with respect to the output is exactly the projection.
  test('backward is the gradient of forward (5×5 stride 2 pad 2, 3 → 4 channels, batch 2)', () => {
    const shape: Conv2dShape = { ...conv(3, 7, 4, 5, 2), stride: 2 }
    const count = sizes(shape)
    const input = randomArray(count.input, 11)
    const weights = randomArray(count.weights, 12)
    const bias = randomArray(shape.outChannels, 13)
    const projection = randomArray(count.out, 14)
    const out = new Float32Array(count.out)
    const f = () => {
      forward(out, input, weights, bias, shape)
      return out.reduce((sum, value, i) => sum + value * projection[i], 0)
    }
    const dInput = new Float32Array(count.input)
    const dWeights = new Float32Array(count.weights)
    const dBias = new Float32Array(shape.outChannels)
    backward(dInput, dWeights, dBias, projection, input, weights, shape)
    const errors = {
      dInput: maxRelativeError(dInput, numericGradient(input, f, 1e-2)),
      dWeights: maxRelativeError(dWeights, numericGradient(weights, f, 1e-2)),
      dBias: maxRelativeError(dBias, numericGradient(bias, f, 1e-2)),
    }
    expect(Math.max(...Object.values(errors)), JSON.stringify(errors)).toBeLessThan(1e-2)
  })
})

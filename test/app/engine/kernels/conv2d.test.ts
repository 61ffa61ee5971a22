// conv2d against hand-computed examples and against an independent reference that materialises the zero
// padding and works on nested arrays; plus the seed example from the product brief.

import { describe, expect, test } from 'vitest'
import { conv2dForward, conv2dOutputSize } from '../../../../app/engine/kernels/conv2d'
import type { Conv2dShape } from '../../../../app/engine/kernels/conv2d'
import { singleShardContext } from '../../../../app/engine/layer'
import { ConvLayer } from '../../../../app/engine/layers/convLayer'
import { inferShapes } from '../../../../app/model/shapeInference'
import { expectClose, randomArray } from '../testUtils'

const ONE_CHANNEL_3X3: Conv2dShape = {
  batch: 1,
  inChannels: 1,
  height: 3,
  width: 3,
  outChannels: 1,
  kernelSize: 2,
  stride: 1,
  pad: 0,
}
const INPUT_1_TO_9 = Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9) // [[1,2,3],[4,5,6],[7,8,9]]
const KERNEL_1_TO_4 = Float32Array.of(1, 2, 3, 4) // [[1,2],[3,4]]

function runConv(
  input: Float32Array,
  weights: Float32Array,
  bias: Float32Array,
  shape: Conv2dShape,
): Float32Array {
  const OH = conv2dOutputSize(shape.height, shape.kernelSize, shape.stride, shape.pad)
  const OW = conv2dOutputSize(shape.width, shape.kernelSize, shape.stride, shape.pad)
  const out = new Float32Array(shape.batch * shape.outChannels * OH * OW).fill(NaN) // every value must be written
  conv2dForward(out, input, weights, bias, shape)
  return out
}

/** Independent reference: pad explicitly into nested arrays, then take each window's dot product. */
function referenceConv(
  input: Float32Array,
  weights: Float32Array,
  bias: Float32Array,
  shape: Conv2dShape,
): number[] {
  const { batch, inChannels, height, width, outChannels, kernelSize, stride, pad } = shape
  const padded = Array.from({ length: batch }, (_, n) =>
    Array.from({ length: inChannels }, (_, c) =>
      Array.from({ length: height + 2 * pad }, (_, y) =>
        Array.from({ length: width + 2 * pad }, (_, x) => {
          const inside = y >= pad && y < height + pad && x >= pad && x < width + pad
          return inside
            ? input[n * inChannels * height * width + c * height * width + (y - pad) * width + (x - pad)]
            : 0
        }),
      ),
    ),
  )
  const result: number[] = []
  for (let n = 0; n < batch; n++) {
    for (let f = 0; f < outChannels; f++) {
      for (let top = 0; top + kernelSize <= height + 2 * pad; top += stride) {
        for (let left = 0; left + kernelSize <= width + 2 * pad; left += stride) {
          let sum = bias[f]
          padded[n].forEach((plane, c) => {
            for (let dy = 0; dy < kernelSize; dy++) {
              for (let dx = 0; dx < kernelSize; dx++) {
                const weight =
                  weights[f * inChannels * kernelSize ** 2 + c * kernelSize ** 2 + dy * kernelSize + dx]
                sum += weight * plane[top + dy][left + dx]
              }
            }
          })
          result.push(sum)
        }
      }
    }
  }
  return result
}

describe('conv2dForward', () => {
  test('3×3 input, 2×2 kernel, by hand', () => {
    // out[0][0] = 1·1 + 2·2 + 3·4 + 4·5 = 37, and so on; bias 0.5 added to each.
    const out = runConv(INPUT_1_TO_9, KERNEL_1_TO_4, Float32Array.of(0.5), ONE_CHANNEL_3X3)
    expect(Array.from(out)).toEqual([37.5, 47.5, 67.5, 77.5])
  })

  test('3×3 input, 2×2 kernel, pad 1, stride 2, by hand', () => {
    // Padded to 5×5; windows start at padded (0,0), (0,2), (2,0), (2,2).
    // (0,0) sees only input 1 under kernel 4 → 4. (0,2) sees inputs 2,3 under kernel 3,4 → 6 + 12 = 18.
    // (2,0) sees inputs 4,7 under kernel 2,4 → 8 + 28 = 36. (2,2) sees 5,6,8,9 under 1,2,3,4 → 77.
    const out = runConv(INPUT_1_TO_9, KERNEL_1_TO_4, Float32Array.of(0), {
      ...ONE_CHANNEL_3X3,
      stride: 2,
      pad: 1,
    })
    expect(Array.from(out)).toEqual([4, 18, 36, 77])
  })

  test('two input channels add up', () => {
    // Channel 0 is the 1..9 image, channel 1 is all ones; a 1×1 kernel [2, 10] gives 2·x + 10.
    const input = Float32Array.of(...INPUT_1_TO_9, ...new Array(9).fill(1))
    const out = runConv(input, Float32Array.of(2, 10), Float32Array.of(0), {
      ...ONE_CHANNEL_3X3,
      inChannels: 2,
      kernelSize: 1,
    })
    expect(Array.from(out)).toEqual(Array.from(INPUT_1_TO_9, (x) => 2 * x + 10))
  })

  test.each([
    { label: '3×3 stride 1 pad 1', kernelSize: 3, stride: 1, pad: 1, height: 5, width: 6 },
    { label: '3×3 stride 2 pad 1', kernelSize: 3, stride: 2, pad: 1, height: 7, width: 5 },
    { label: '5×5 stride 1 pad 0', kernelSize: 5, stride: 1, pad: 0, height: 8, width: 9 },
    { label: '4×4 stride 3 pad 2', kernelSize: 4, stride: 3, pad: 2, height: 6, width: 6 },
    { label: '1×1', kernelSize: 1, stride: 1, pad: 0, height: 3, width: 2 },
  ])('matches the padded-array reference: $label', ({ kernelSize, stride, pad, height, width }) => {
    const shape: Conv2dShape = {
      batch: 2,
      inChannels: 3,
      height,
      width,
      outChannels: 4,
      kernelSize,
      stride,
      pad,
    }
    const input = randomArray(2 * 3 * height * width, 1)
    const weights = randomArray(4 * 3 * kernelSize * kernelSize, 2)
    const bias = randomArray(4, 3)
    expectClose(runConv(input, weights, bias, shape), referenceConv(input, weights, bias, shape))
  })
})

describe('the seed example: 32×32×3 input, 5×5 filters, stride 1, no padding', () => {
  const input = { height: 32, width: 32, channels: 3 }

  test.each([
    { filters: 1, expected: { height: 28, width: 28, channels: 1 } },
    { filters: 5, expected: { height: 28, width: 28, channels: 5 } },
  ])('$filters filter(s) → 28×28×$filters', ({ filters, expected }) => {
    const summary = inferShapes({
      name: 'seed',
      input,
      layers: [
        { kind: 'conv', filters, kernelSize: 5 },
        { kind: 'flatten' },
        { kind: 'dense', units: 2 },
        { kind: 'softmax' },
      ],
    })
    expect(summary.layers[0].outputShape).toEqual(expected)
    expect(summary.layers[0].parameters).toBe(5 * 5 * 3 * filters + filters)

    const layer = new ConvLayer('conv', input, { filters, kernelSize: 5, stride: 1, pad: 0 })
    expect(layer.outputShape).toEqual(expected)
    const batchSize = 2
    const context = singleShardContext(batchSize, false)
    const out = layer.forward(randomArray(batchSize * 32 * 32 * 3, 4), batchSize, context)
    expect(out.length).toBe(batchSize * 28 * 28 * filters)
  })
})

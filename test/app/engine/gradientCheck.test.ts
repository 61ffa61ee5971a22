// Finite-difference gradient checks for every layer type (dInput and every parameter), for both losses, and
// (gradientCheckNetworks.test.ts) through whole networks. Inputs to ReLU and max pooling stay away from kinks.

import { describe, expect, test } from 'vitest'
import { singleShardContext } from '../../../app/engine/layer'
import type { Layer } from '../../../app/engine/layer'
import { ActivationLayer } from '../../../app/engine/layers/activationLayer'
import { AddLayer } from '../../../app/engine/layers/addLayer'
import { AvgPoolLayer } from '../../../app/engine/layers/avgPoolLayer'
import { BatchNormLayer } from '../../../app/engine/layers/batchNormLayer'
import { ConvLayer } from '../../../app/engine/layers/convLayer'
import { DenseLayer } from '../../../app/engine/layers/denseLayer'
import { DropoutLayer } from '../../../app/engine/layers/dropoutLayer'
import { FlattenLayer } from '../../../app/engine/layers/flattenLayer'
import { GlobalAvgPoolLayer } from '../../../app/engine/layers/globalAvgPoolLayer'
import { MaxPoolLayer } from '../../../app/engine/layers/maxPoolLayer'
import { lossAndGradient } from '../../../app/engine/loss'
import type { LossKind } from '../../../app/engine/loss'
import { Random } from '../../../app/engine/random'
import type { TensorShape } from '../../../app/model/networkSpec'
import { checkLayerGradients, maxRelativeError, numericGradient, randomArray } from './testUtils'
import type { GradientReport } from './testUtils'

const TOLERANCE = 1e-2
const EPSILON = 1e-2

function lengthOf(batchSize: number, shape: TensorShape): number {
  return batchSize * shape.height * shape.width * shape.channels
}

function worstError(report: GradientReport): number {
  return Math.max(report.dInput, ...Object.values(report.params))
}

/** Distinct values spaced 0.05 apart in random order: no ties in a pooling window, none within ±EPSILON of 0. */
function spacedValues(length: number, seed: number): Float32Array {
  const order = Int32Array.from({ length }, (_, i) => i)
  new Random(seed).shuffle(order)
  return Float32Array.from(order, (rank) => (rank - length / 2 + 0.5) * 0.05)
}

/** Random values (not the initial ones) in every param, so the check is at a generic point. */
function randomizeParams(layer: Layer, seed: number): void {
  layer.params().forEach((param, index) => param.value.set(randomArray(param.value.length, seed + index)))
}

function expectGradientsMatch(report: GradientReport, paramNames: readonly string[]): void {
  expect(Object.keys(report.params)).toEqual(paramNames)
  expect(worstError(report), JSON.stringify(report)).toBeLessThan(TOLERANCE)
}

describe('gradient check: layers', () => {
  // label, kernel size, stride, pad, input height, width, channels, bias
  test.each([
    ['3×3 stride 1 pad 1', 3, 1, 1, 5, 4, 2, true],
    ['3×3 stride 2 pad 1', 3, 2, 1, 6, 5, 2, true],
    ['2×2 stride 2 pad 0', 2, 2, 0, 4, 4, 3, true],
    ['3×3 stride 2, unused last row', 3, 2, 0, 6, 7, 1, true],
    ['5×5 stride 1 pad 2', 5, 1, 2, 4, 5, 2, true],
    ['1×1', 1, 1, 0, 3, 3, 4, true],
    ['3×3 pad 1 without bias', 3, 1, 1, 4, 4, 2, false],
  ])('conv %s', (_label, kernelSize, stride, pad, height, width, channels, hasBias) => {
    const input = { height, width, channels }
    const layer = new ConvLayer('conv', input, { filters: 3, kernelSize, stride, pad, hasBias })
    randomizeParams(layer, 1)
    const report = checkLayerGradients(layer, randomArray(lengthOf(2, input), 3), 2, EPSILON)
    expectGradientsMatch(report, hasBias ? ['conv.weights', 'conv.bias'] : ['conv.weights'])
  })

  test('dense', () => {
    const layer = new DenseLayer('dense', { height: 1, width: 1, channels: 7 }, 5)
    randomizeParams(layer, 4)
    const report = checkLayerGradients(layer, randomArray(3 * 7, 6), 3, EPSILON)
    expectGradientsMatch(report, ['dense.weights', 'dense.bias'])
  })

  // Inputs at least 0.05 from 0 for the kinked ones; sigmoid and tanh are smooth everywhere.
  test.each([
    ['relu', 0],
    ['leakyRelu', 0.1],
    ['sigmoid', 0],
    ['tanh', 0],
  ] as const)('%s', (kind, slope) => {
    const shape = { height: 3, width: 4, channels: 2 }
    const layer = new ActivationLayer(kind, shape, slope)
    const input = spacedValues(lengthOf(2, shape), 7).map((value) => value * 3) // −3.6 to 3.6
    expectGradientsMatch(checkLayerGradients(layer, input, 2, EPSILON), [])
  })

  // label, window size, stride, pad, input height, width, channels
  test.each([
    ['2×2 stride 2', 2, 2, 0, 4, 6, 2],
    ['3×3 stride 2 (overlapping windows)', 3, 2, 0, 5, 7, 2],
    ['2×2 stride 1', 2, 1, 0, 3, 4, 1],
    ['2×2 stride 2 on odd sizes (edge dropped)', 2, 2, 0, 5, 5, 1],
    ['3×3 stride 2 pad 1', 3, 2, 1, 5, 6, 2],
    ['2×2 stride 1 pad 1', 2, 1, 1, 3, 3, 1],
  ])('maxPool and avgPool %s', (_label, size, stride, pad, height, width, channels) => {
    const input = { height, width, channels }
    const values = spacedValues(lengthOf(2, input), 8) // no ties, so max pooling is smooth here
    const options = { size, stride, pad }
    for (const layer of [new MaxPoolLayer(input, options), new AvgPoolLayer(input, options)]) {
      expectGradientsMatch(checkLayerGradients(layer, values, 2, EPSILON), [])
    }
  })

  test('globalAvgPool and flatten', () => {
    const shape = { height: 2, width: 3, channels: 2 }
    const input = randomArray(lengthOf(2, shape), 9)
    for (const layer of [new GlobalAvgPoolLayer(shape), new FlattenLayer(shape)]) {
      expectGradientsMatch(checkLayerGradients(layer, input, 2, EPSILON), [])
    }
  })

  // Training mode: every output depends on every input of its channel through the batch statistics. (Vectors
  // get a larger batch: normalising 3 values is so curved that a finite step of 0.01 is not small.)
  test.each([
    ['feature maps, training', { height: 3, width: 2, channels: 3 }, 3, true],
    ['vectors, training', { height: 1, width: 1, channels: 4 }, 8, true],
    ['feature maps, inference (running statistics)', { height: 3, width: 2, channels: 3 }, 3, false],
  ] as const)('batchNorm over %s', (_label, shape, batchSize, isTraining) => {
    const layer = new BatchNormLayer('bn', shape, { momentum: 0.1, epsilon: 1e-5 })
    randomizeParams(layer, 10)
    layer.runningMean.value.set(randomArray(shape.channels, 11, 0.5))
    layer.runningVariance.value.set(randomArray(shape.channels, 12, 0.5).map((value) => 1 + value))
    const input = randomArray(lengthOf(batchSize, shape), 13, 2)
    const context = singleShardContext(batchSize, isTraining)
    const report = checkLayerGradients(layer, input, batchSize, EPSILON, context)
    expectGradientsMatch(report, ['bn.gamma', 'bn.beta'])
  })

  test.each([true, false])('dropout (training: %s; the mask is fixed by the step seed)', (isTraining) => {
    const shape = { height: 2, width: 2, channels: 3 }
    const layer = new DropoutLayer(shape, 0.4, 3)
    const context = singleShardContext(2, isTraining, 1234)
    const report = checkLayerGradients(layer, randomArray(lengthOf(2, shape), 14), 2, EPSILON, context)
    expectGradientsMatch(report, [])
  })

  // label, skip shape, main shape, projection stride
  test.each([
    ['same shapes', { height: 3, width: 3, channels: 2 }, { height: 3, width: 3, channels: 2 }, null],
    ['a 1×1 projection, stride 2', { height: 5, width: 4, channels: 2 }, { height: 3, width: 2, channels: 3 }, 2],
  ] as const)('add with %s: both paths', (_label, skipShape, mainShape, stride) => {
    const layer = new AddLayer('add', mainShape, skipShape, 0, stride)
    randomizeParams(layer, 15)
    const skip = randomArray(lengthOf(2, skipShape), 16)
    layer.setSkipInput(skip)
    const main = randomArray(lengthOf(2, mainShape), 17)
    const report = checkLayerGradients(layer, main, 2, EPSILON)
    expectGradientsMatch(report, stride === null ? [] : ['add.projection.weights'])
    // The skip path: the same scalar f, differentiated with respect to the skip input.
    const context = singleShardContext(2, false)
    const projection = randomArray(lengthOf(2, mainShape), 99) // what checkLayerGradients projected onto
    const f = (): number => layer.forward(main, 2, context).reduce((sum, value, i) => sum + value * projection[i], 0)
    layer.forward(main, 2, context)
    layer.backward(projection, context)
    const analytic = Float32Array.from(layer.skipGradient())
    expect(maxRelativeError(analytic, numericGradient(skip, f, EPSILON))).toBeLessThan(TOLERANCE)
  })
})

describe('gradient check: losses', () => {
  test.each(['crossEntropy', 'mse'] as const)('%s: dLogits is the loss derivative, over a shard', (kind: LossKind) => {
    const [N, K, total] = [3, 4, 5] // a shard of 3 rows of a batch of 5
    const logits = randomArray(N * K, 18, 2)
    const labels = [2, 0, 3]
    const scratch = () => new Float32Array(N * K)
    const dLogits = scratch()
    lossAndGradient(kind, scratch(), dLogits, logits, labels, N, K, total)
    const loss = () => lossAndGradient(kind, scratch(), scratch(), logits, labels, N, K, total)
    expect(maxRelativeError(dLogits, numericGradient(logits, loss, 1e-2), 1e-3)).toBeLessThan(TOLERANCE)
  })
})

// Finite-difference gradient checks for every layer type (dInput and every parameter) and through a small
// whole network with softmax cross-entropy. Inputs to ReLU and max pooling are kept away from their kinks.

import { describe, expect, test } from 'vitest'
import { ConvLayer } from '../../../app/engine/layers/convLayer'
import { DenseLayer } from '../../../app/engine/layers/denseLayer'
import { FlattenLayer } from '../../../app/engine/layers/flattenLayer'
import { MaxPoolLayer } from '../../../app/engine/layers/maxPoolLayer'
import { ReluLayer } from '../../../app/engine/layers/reluLayer'
import { buildNetwork } from '../../../app/engine/network'
import { Random } from '../../../app/engine/random'
import type { NetworkSpec, TensorShape } from '../../../app/model/networkSpec'
import { checkLayerGradients, checkNetworkGradients, randomArray } from './testUtils'
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

describe('gradient check', () => {
  // label, kernel size, stride, pad, input height, width, channels
  test.each([
    ['3×3 stride 1 pad 1', 3, 1, 1, 5, 4, 2],
    ['3×3 stride 2 pad 1', 3, 2, 1, 6, 5, 2],
    ['2×2 stride 2 pad 0', 2, 2, 0, 4, 4, 3],
    ['3×3 stride 2, unused last row', 3, 2, 0, 6, 7, 1],
    ['5×5 stride 1 pad 2', 5, 1, 2, 4, 5, 2],
    ['1×1', 1, 1, 0, 3, 3, 4],
  ])('conv %s', (_label, kernelSize, stride, pad, height, width, channels) => {
    const input = { height, width, channels }
    const layer = new ConvLayer('conv', input, { filters: 3, kernelSize, stride, pad })
    layer.weights.value.set(randomArray(layer.weights.value.length, 1))
    layer.bias.value.set(randomArray(layer.bias.value.length, 2))
    const report = checkLayerGradients(layer, randomArray(lengthOf(2, input), 3), 2, EPSILON)
    expect(report).toEqual({
      dInput: expect.any(Number),
      params: { 'conv.weights': expect.any(Number), 'conv.bias': expect.any(Number) },
    })
    expect(worstError(report), JSON.stringify(report)).toBeLessThan(TOLERANCE)
  })

  test('dense', () => {
    const layer = new DenseLayer('dense', { height: 1, width: 1, channels: 7 }, 5)
    layer.weights.value.set(randomArray(layer.weights.value.length, 4))
    layer.bias.value.set(randomArray(layer.bias.value.length, 5))
    const report = checkLayerGradients(layer, randomArray(3 * 7, 6), 3, EPSILON)
    expect(Object.keys(report.params)).toEqual(['dense.weights', 'dense.bias'])
    expect(worstError(report), JSON.stringify(report)).toBeLessThan(TOLERANCE)
  })

  test('relu (inputs at least 0.05 away from 0)', () => {
    const shape = { height: 3, width: 4, channels: 2 }
    const report = checkLayerGradients(new ReluLayer(shape), spacedValues(lengthOf(2, shape), 7), 2, EPSILON)
    expect(report.params).toEqual({})
    expect(report.dInput).toBeLessThan(TOLERANCE)
  })

  // label, window size, stride, input height, width, channels
  test.each([
    ['2×2 stride 2', 2, 2, 4, 6, 2],
    ['3×3 stride 2 (overlapping windows)', 3, 2, 5, 7, 2],
    ['2×2 stride 1', 2, 1, 3, 4, 1],
    ['2×2 stride 2 on odd sizes (edge dropped)', 2, 2, 5, 5, 1],
  ])('maxPool %s (no ties)', (_label, size, stride, height, width, channels) => {
    const input = { height, width, channels }
    const layer = new MaxPoolLayer(input, { size, stride })
    const report = checkLayerGradients(layer, spacedValues(lengthOf(2, input), 8), 2, EPSILON)
    expect(report.params).toEqual({})
    expect(report.dInput).toBeLessThan(TOLERANCE)
  })

  test('flatten', () => {
    const shape = { height: 2, width: 3, channels: 2 }
    const report = checkLayerGradients(
      new FlattenLayer(shape),
      randomArray(lengthOf(2, shape), 9),
      2,
      EPSILON,
    )
    expect(report.dInput).toBeLessThan(TOLERANCE)
  })

  test('a whole network with softmax cross-entropy', () => {
    const spec: NetworkSpec = {
      name: 'gradient check',
      input: { height: 6, width: 6, channels: 2 },
      layers: [
        { kind: 'conv', filters: 3, kernelSize: 3, stride: 1, pad: 1 },
        { kind: 'relu' },
        { kind: 'maxPool', size: 2 },
        { kind: 'conv', filters: 4, kernelSize: 3, stride: 2, pad: 1 },
        { kind: 'relu' },
        { kind: 'flatten' },
        { kind: 'dense', units: 5 },
        { kind: 'relu' },
        { kind: 'dense', units: 3 },
        { kind: 'softmax' },
      ],
    }
    const network = buildNetwork(spec, new Random(10))
    for (const param of network.params()) {
      // Non-zero biases: a generic point, not the all-zero-bias start.
      if (param.name.endsWith('bias')) {
        param.value.set(randomArray(param.value.length, 11, 0.1))
      }
    }
    const report = checkNetworkGradients(network, randomArray(3 * 6 * 6 * 2, 12), [0, 2, 1], 3, 1e-3)
    expect(Object.keys(report.errors)).toEqual(network.params().map((param) => param.name))
    expect(report.skipped, 'coordinates skipped at kinks').toBeLessThan(0.05 * report.checked)
    expect(Math.max(...Object.values(report.errors)), JSON.stringify(report)).toBeLessThan(TOLERANCE)
  })
})

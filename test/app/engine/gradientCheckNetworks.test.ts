// Finite-difference gradient checks through whole networks (every parameter and the input): plain, with both
// losses, residual with and without a projection, and with batch norm and dropout in training mode. Coordinates
// where a ±epsilon step crosses a ReLU or max-pool kink are skipped (see checkNetworkGradients).

import { describe, expect, test } from 'vitest'
import { singleShardContext } from '../../../app/engine/layer'
import { buildNetwork } from '../../../app/engine/network'
import type { Network } from '../../../app/engine/network'
import { Random } from '../../../app/engine/random'
import type { LayerSpec, NetworkSpec, TensorShape } from '../../../app/model/networkSpec'
import { inferShapes } from '../../../app/model/shapeInference'
import { checkNetworkGradients, randomArray } from './testUtils'
import type { NetworkCheckOptions } from './testUtils'

const TOLERANCE = 1e-2

function network(input: TensorShape, layers: readonly LayerSpec[], seed: number): Network {
  const built = buildNetwork({ name: 'gradient check', input, layers }, new Random(seed))
  for (const param of built.params()) {
    // Non-zero biases and batch-norm shifts, scales away from 1: a generic point, not the initial one.
    if (/(bias|beta)$/.test(param.name)) {
      param.value.set(randomArray(param.value.length, seed + 1, 0.1))
    } else if (param.name.endsWith('gamma')) {
      param.value.set(randomArray(param.value.length, seed + 2, 0.5).map((value) => 1 + value))
    }
  }
  return built
}

function expectGradientsMatch(built: Network, batchSize: number, seed: number, options: NetworkCheckOptions = {}) {
  const { height, width, channels } = built.spec.input
  const input = randomArray(batchSize * height * width * channels, seed)
  const labels = Array.from({ length: batchSize }, (_, n) => n % built.classCount)
  const report = checkNetworkGradients(built, input, labels, batchSize, 1e-3, options)
  expect(Object.keys(report.errors)).toEqual([...built.params().map((param) => param.name), 'input'])
  expect(report.skipped, 'coordinates skipped at kinks').toBeLessThan(0.05 * report.checked)
  expect(Math.max(...Object.values(report.errors)), JSON.stringify(report)).toBeLessThan(TOLERANCE)
}

const PLAIN: readonly LayerSpec[] = [
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
]

describe('gradient check: networks', () => {
  test.each(['crossEntropy', 'mse'] as const)('a plain conv net with %s', (loss) => {
    expectGradientsMatch(network({ height: 6, width: 6, channels: 2 }, PLAIN, 10), 3, 12, { loss })
  })

  test('a residual net with identity skips, one of them from the network input', () => {
    const layers: readonly LayerSpec[] = [
      { kind: 'conv', filters: 2, kernelSize: 3, pad: 'same' },
      { kind: 'add', from: 'input' },
      { kind: 'tanh', id: 'block0' },
      { kind: 'conv', filters: 2, kernelSize: 3, pad: 'same' },
      { kind: 'sigmoid' },
      { kind: 'conv', filters: 2, kernelSize: 1 },
      { kind: 'add', from: 'block0' },
      { kind: 'globalAvgPool' },
      { kind: 'dense', units: 3 },
      { kind: 'softmax' },
    ]
    const built = network({ height: 4, width: 4, channels: 2 }, layers, 20)
    expect(inferShapes(built.spec).layers.map((layer) => layer.projectionStride)).toEqual(layers.map(() => null))
    expectGradientsMatch(built, 2, 21)
  })

  test('a residual net whose skip needs a 1×1 projection (stride 2, 2 → 4 channels)', () => {
    const layers: readonly LayerSpec[] = [
      { kind: 'conv', filters: 2, kernelSize: 3, pad: 1, id: 'stem' },
      { kind: 'leakyRelu', slope: 0.1 },
      { kind: 'conv', filters: 4, kernelSize: 3, stride: 2, pad: 1 },
      { kind: 'tanh' },
      { kind: 'add', from: 'stem' },
      { kind: 'avgPool', size: 2, stride: 1, pad: 1 },
      { kind: 'flatten' },
      { kind: 'dense', units: 3 },
      { kind: 'softmax' },
    ]
    const built = network({ height: 5, width: 5, channels: 1 }, layers, 30)
    expect(inferShapes(built.spec).layers[4].projectionStride).toBe(2)
    expect(built.params().map((param) => param.name)).toContain('layers.4.projection.weights')
    expectGradientsMatch(built, 2, 31)
  })

  test.each([true, false])('batch norm and dropout (training mode: %s)', (isTraining) => {
    const layers: readonly LayerSpec[] = [
      { kind: 'conv', filters: 3, kernelSize: 3, pad: 1, bias: false },
      { kind: 'batchNorm' },
      { kind: 'tanh' },
      { kind: 'dropout', rate: 0.3 },
      { kind: 'flatten' },
      { kind: 'dense', units: 4 },
      { kind: 'batchNorm', momentum: 0.5 },
      { kind: 'sigmoid' },
      { kind: 'dense', units: 3 },
      { kind: 'softmax' },
    ]
    const built = network({ height: 3, width: 3, channels: 2 }, layers, 40)
    const batchSize = 4
    expectGradientsMatch(built, batchSize, 41, { context: singleShardContext(batchSize, isTraining, 77) })
  })
})

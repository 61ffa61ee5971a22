// Batch norm's statistics against a direct computation: training normalises with the batch's own mean and
// biased variance and moves the running statistics by momentum (unbiased variance, as PyTorch); inference
// uses the running statistics.

import { expect, test } from 'vitest'
import { singleShardContext } from '../../../../app/engine/layer'
import { BatchNormLayer } from '../../../../app/engine/layers/batchNormLayer'
import { expectClose, randomArray } from '../testUtils'

const SHAPE = { height: 2, width: 3, channels: 2 } // 6 positions per channel
const N = 4

/** Values of channel c over the whole batch, in NCHW order. */
function channel(values: Float32Array, c: number): number[] {
  const result: number[] = []
  for (let n = 0; n < N; n++) {
    result.push(...values.subarray((n * 2 + c) * 6, (n * 2 + c + 1) * 6))
  }
  return result
}

function meanOf(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length
}

test('training: per-channel batch statistics, γ and β applied, running statistics moved by momentum', () => {
  const layer = new BatchNormLayer('bn', SHAPE, { momentum: 0.25, epsilon: 1e-3 })
  layer.gamma.value.set([2, 0.5])
  layer.beta.value.set([1, -1])
  const input = randomArray(N * 12, 1, 3).map((value, i) => value + (i % 12 < 6 ? 5 : -2)) // channel offsets
  const out = layer.forward(input, N, singleShardContext(N, true))
  for (let c = 0; c < 2; c++) {
    const x = channel(input, c)
    const mean = meanOf(x)
    const variance = meanOf(x.map((value) => (value - mean) ** 2))
    const [gamma, beta] = [layer.gamma.value[c], layer.beta.value[c]]
    const expected = x.map((value) => gamma * ((value - mean) / Math.sqrt(variance + 1e-3)) + beta)
    expectClose(channel(out, c), expected, { atol: 1e-4 })
    const unbiased = (variance * x.length) / (x.length - 1)
    expect(layer.runningMean.value[c]).toBeCloseTo(0.25 * mean, 5)
    expect(layer.runningVariance.value[c]).toBeCloseTo(0.75 * 1 + 0.25 * unbiased, 4)
  }
})

test('inference: the running statistics, unchanged by the pass', () => {
  const layer = new BatchNormLayer('bn', SHAPE, { momentum: 0.1, epsilon: 1e-5 })
  layer.runningMean.value.set([1, -2])
  layer.runningVariance.value.set([4, 0.25])
  layer.gamma.value.set([3, 1])
  const input = randomArray(N * 12, 2)
  const out = layer.forward(input, N, singleShardContext(N, false))
  for (let c = 0; c < 2; c++) {
    const [mean, variance] = [layer.runningMean.value[c], layer.runningVariance.value[c]]
    const gamma = layer.gamma.value[c]
    const expected = channel(input, c).map((value) => gamma * ((value - mean) / Math.sqrt(variance + 1e-5)))
    expectClose(channel(out, c), expected)
  }
  expect(Array.from(layer.runningMean.value)).toEqual([1, -2])
  expect(layer.params().map((param) => [param.name, param.decay])).toEqual([
    ['bn.gamma', false],
    ['bn.beta', false],
  ])
  expect(layer.state().map((buffer) => buffer.name)).toEqual(['bn.runningMean', 'bn.runningVariance'])
})

test('training over vectors (1×1×C) normalises each feature over the batch', () => {
  const layer = new BatchNormLayer('bn', { height: 1, width: 1, channels: 3 }, { momentum: 0.1, epsilon: 1e-5 })
  const input = randomArray(5 * 3, 3, 4)
  const out = layer.forward(input, 5, singleShardContext(5, true))
  for (let c = 0; c < 3; c++) {
    const feature = [0, 1, 2, 3, 4].map((n) => out[n * 3 + c])
    expect(meanOf(feature)).toBeCloseTo(0, 5)
    expect(meanOf(feature.map((value) => value ** 2))).toBeCloseTo(1, 3)
  }
})

// Shared pieces of the training-pool tests: small specs, seeded synthetic batches, the single-threaded
// reference step (the engine alone, no pool) and the comparisons.

import { expect } from 'vitest'
import { singleShardContext } from '../../../app/engine/layer'
import { lossAndGradient } from '../../../app/engine/loss'
import type { LossKind } from '../../../app/engine/loss'
import type { Network } from '../../../app/engine/network'
import { Random } from '../../../app/engine/random'
import { sampleSize } from '../../../app/engine/tensor'
import { countCorrect } from '../../../app/engine/training'
import type { NetworkSpec } from '../../../app/model/networkSpec'

/** conv → relu → pool → dense: every kind of parameter gradient the pool must reduce. */
export const convSpec: NetworkSpec = {
  name: 'pool-test conv',
  input: { height: 8, width: 8, channels: 2 },
  layers: [
    { kind: 'conv', filters: 4, kernelSize: 3, pad: 1 },
    { kind: 'relu' },
    { kind: 'maxPool', size: 2 },
    { kind: 'flatten' },
    { kind: 'dense', units: 3 },
    { kind: 'softmax' },
  ],
}

/** Batch norm over feature maps and over a vector, and dropout: the layers that need the ForwardContext. */
export const batchNormSpec: NetworkSpec = {
  name: 'pool-test batch norm',
  input: { height: 8, width: 8, channels: 2 },
  layers: [
    { kind: 'conv', filters: 4, kernelSize: 3, pad: 1, bias: false },
    { kind: 'batchNorm' },
    { kind: 'relu' },
    { kind: 'maxPool', size: 2 },
    { kind: 'flatten' },
    { kind: 'dropout', rate: 0.25 },
    { kind: 'dense', units: 8 },
    { kind: 'batchNorm', momentum: 0.2 },
    { kind: 'relu' },
    { kind: 'dense', units: 3 },
    { kind: 'softmax' },
  ],
}

export type Dataset = Readonly<{ inputs: Float32Array; labels: Int32Array; count: number }>

/** `count` samples of uniform noise in [−1, 1) with labels 0..classes−1, all from one seed. */
export function randomDataset(spec: NetworkSpec, count: number, classes: number, seed: number): Dataset {
  const random = new Random(seed)
  const inputs = new Float32Array(count * sampleSize(spec.input))
  for (let i = 0; i < inputs.length; i++) {
    inputs[i] = 2 * random.uniform() - 1
  }
  const labels = Int32Array.from({ length: count }, () => random.integer(classes))
  return { inputs, labels, count }
}

/** Batch `step` of a dataset cycled in order: the same batches whatever runs them. */
export function batchAt(data: Dataset, spec: NetworkSpec, step: number, batchSize: number): Dataset {
  const size = sampleSize(spec.input)
  const start = (step * batchSize) % (data.count - batchSize + 1)
  return {
    inputs: data.inputs.subarray(start * size, (start + batchSize) * size),
    labels: data.labels.subarray(start, start + batchSize),
    count: batchSize,
  }
}

/** The engine's own single-threaded training step, without any pool: zero, forward, mean loss, backward. */
export function referenceGradients(
  network: Network,
  batch: Dataset,
  stepSeed = 0,
  lossKind: LossKind = 'crossEntropy',
): { loss: number; correct: number } {
  const K = network.classCount
  const n = batch.count
  const context = singleShardContext(n, true, stepSeed)
  network.zeroGrad()
  const logits = network.forward(batch.inputs, n, context)
  const dLogits = new Float32Array(n * K)
  const loss = lossAndGradient(lossKind, new Float32Array(n * K), dLogits, logits, batch.labels, n, K)
  const correct = countCorrect(logits, batch.labels, n, K)
  network.backward(dLogits, context)
  return { loss, correct }
}

/**
 * max |a − b| / max |b|: the difference relative to the array's scale. (Element by element, a weight that is
 * zero up to rounding would turn float32 summation-order noise into a large relative error.)
 */
export function maxRelativeDifference(actual: Float32Array, expected: Float32Array): number {
  expect(actual.length).toBe(expected.length)
  let largest = 0
  let worst = 0
  for (let i = 0; i < actual.length; i++) {
    largest = Math.max(largest, Math.abs(expected[i]))
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]))
  }
  expect(largest).toBeGreaterThan(0)
  return worst / largest
}

export function expectBitIdentical(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length)
  const differing = actual.findIndex((value, i) => !Object.is(value, expected[i]))
  expect(differing, `first differing element ${differing}`).toBe(-1)
}

// One training step, evaluation and prediction for a built network: the pieces the trainer's loop calls.
// Single-threaded and synchronous (one shard holding the whole batch); the loop itself (epochs, shuffling,
// events) and the threaded step live in worker/.

import { assert } from './assert'
import { singleShardContext } from './layer'
import { lossAndGradient, softmax } from './loss'
import type { LossKind } from './loss'
import type { Network } from './network'
import { sampleSize } from './tensor'

/** What trainBatch needs of an optimiser: any of app/engine/optim fits. */
export type StepOptimizer = Readonly<{ zeroGrad(): void; step(): void }>

export type TrainBatchOptions = Readonly<{
  /** Default 'crossEntropy'. */
  loss?: LossKind
  /**
   * Seed of this step's dropout masks: give every step its own (e.g. derived from the run seed, epoch and step),
   * or dropout drops the same values at every step. Default 0.
   */
  stepSeed?: number
}>

/** How many rows of logits (N, K) have their largest score at the label (ties go to the lower class). */
export function countCorrect(
  logits: Float32Array,
  labels: ArrayLike<number>,
  batchSize: number,
  classCount: number,
): number {
  let correct = 0
  for (let n = 0; n < batchSize; n++) {
    let best = 0
    for (let k = 1; k < classCount; k++) {
      if (logits[n * classCount + k] > logits[n * classCount + best]) {
        best = k
      }
    }
    if (best === labels[n]) {
      correct++
    }
  }
  return correct
}

/**
 * zeroGrad, forward in training mode, loss, backward, step. Returns the batch's mean loss and correct count
 * (before the step; with dropout active, as the training pass saw them).
 */
export function trainBatch(
  network: Network,
  optimizer: StepOptimizer,
  inputs: Float32Array,
  labels: ArrayLike<number>,
  batchSize: number,
  options: TrainBatchOptions = {},
): { loss: number; correct: number } {
  const { loss: lossKind = 'crossEntropy', stepSeed = 0 } = options
  const K = network.classCount
  const probabilities = new Float32Array(batchSize * K)
  const dLogits = new Float32Array(batchSize * K)
  const context = singleShardContext(batchSize, true, stepSeed)
  optimizer.zeroGrad()
  const logits = network.forward(inputs, batchSize, context)
  const loss = lossAndGradient(lossKind, probabilities, dLogits, logits, labels, batchSize, K)
  const correct = countCorrect(logits, labels, batchSize, K)
  network.backward(dLogits, context)
  optimizer.step()
  return { loss, correct }
}

/**
 * Mean loss and accuracy in inference mode over the first `count` samples of inputs (all samples, NCHW) in
 * batches of batchSize (the last may be smaller). An empty set gives loss 0, accuracy 0, count 0.
 */
export function evaluateBatches(
  network: Network,
  inputs: Float32Array,
  labels: ArrayLike<number>,
  count: number,
  batchSize: number,
  lossKind: LossKind = 'crossEntropy',
): { loss: number; accuracy: number; count: number } {
  const size = sampleSize(network.spec.input)
  const K = network.classCount
  assert(
    Number.isInteger(batchSize) && batchSize >= 1,
    () => `evaluateBatches: batchSize must be ≥ 1, got ${batchSize}`,
  )
  assert(
    inputs.length >= count * size && labels.length >= count,
    () =>
      `evaluateBatches: ${count} samples need ${count * size} inputs and ${count} labels, ` +
      `got ${inputs.length} and ${labels.length}`,
  )
  const probabilities = new Float32Array(batchSize * K)
  const dLogits = new Float32Array(batchSize * K)
  const batchLabels = new Float64Array(batchSize) // not Int32Array: a bad label must reach the loss's check
  let lossSum = 0
  let correct = 0
  for (let start = 0; start < count; start += batchSize) {
    const n = Math.min(batchSize, count - start)
    const batch = inputs.subarray(start * size, (start + n) * size)
    const logits = network.forward(batch, n, singleShardContext(n, false))
    for (let i = 0; i < n; i++) {
      batchLabels[i] = labels[start + i]
    }
    const rows = n * K
    const [batchProbabilities, batchDLogits] = [probabilities.subarray(0, rows), dLogits.subarray(0, rows)]
    lossSum += n * lossAndGradient(lossKind, batchProbabilities, batchDLogits, logits, batchLabels, n, K)
    correct += countCorrect(logits, batchLabels, n, K)
  }
  return count > 0
    ? { loss: lossSum / count, accuracy: correct / count, count }
    : { loss: 0, accuracy: 0, count: 0 }
}

/** Class probabilities (N, classCount) in inference mode, in a new array the caller may keep. */
export function predictProbabilities(network: Network, input: Float32Array, batchSize: number): Float32Array {
  const logits = network.forward(input, batchSize, singleShardContext(batchSize, false))
  const probabilities = new Float32Array(batchSize * network.classCount)
  softmax(probabilities, logits, batchSize, network.classCount)
  return probabilities
}

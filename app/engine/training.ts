// One training step, evaluation and prediction for a built network: the pieces the trainer's loop calls.
// Single-threaded and synchronous; the loop itself (epochs, shuffling, events) lives in worker/.

import { assert } from './assert'
import { softmax, softmaxCrossEntropy } from './loss'
import type { Network } from './network'
import type { SgdMomentum } from './sgd'
import { sampleSize } from './tensor'

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

/** zeroGrad, forward, loss, backward, step. Returns the batch's mean loss and correct count (before the step). */
export function trainBatch(
  network: Network,
  optimizer: SgdMomentum,
  inputs: Float32Array,
  labels: ArrayLike<number>,
  batchSize: number,
): { loss: number; correct: number } {
  const K = network.classCount
  const probabilities = new Float32Array(batchSize * K)
  const dLogits = new Float32Array(batchSize * K)
  optimizer.zeroGrad()
  const logits = network.forward(inputs, batchSize)
  const loss = softmaxCrossEntropy(probabilities, dLogits, logits, labels, batchSize, K)
  const correct = countCorrect(logits, labels, batchSize, K)
  network.backward(dLogits)
  optimizer.step()
  return { loss, correct }
}

/**
 * Mean loss and accuracy over the first `count` samples of inputs (all samples, NCHW) in batches of batchSize
 * (the last may be smaller). An empty set gives loss 0, accuracy 0, count 0.
 */
export function evaluateBatches(
  network: Network,
  inputs: Float32Array,
  labels: ArrayLike<number>,
  count: number,
  batchSize: number,
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
    const logits = network.forward(inputs.subarray(start * size, (start + n) * size), n)
    for (let i = 0; i < n; i++) {
      batchLabels[i] = labels[start + i]
    }
    const batchProbabilities = probabilities.subarray(0, n * K)
    lossSum +=
      n * softmaxCrossEntropy(batchProbabilities, dLogits.subarray(0, n * K), logits, batchLabels, n, K)
    correct += countCorrect(logits, batchLabels, n, K)
  }
  return count > 0
    ? { loss: lossSum / count, accuracy: correct / count, count }
    : { loss: 0, accuracy: 0, count: 0 }
}

/** Class probabilities (N, classCount) for a batch, in a new array the caller may keep. */
export function predictProbabilities(network: Network, input: Float32Array, batchSize: number): Float32Array {
  const logits = network.forward(input, batchSize)
  const probabilities = new Float32Array(batchSize * network.classCount)
  softmax(probabilities, logits, batchSize, network.classCount)
  return probabilities
}

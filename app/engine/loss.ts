// Softmax and the fused softmax + cross-entropy loss: the end of every forward pass and the start of every
// backward pass. Fusing them gives the simple, stable gradient (p − onehot) / N instead of dividing by
// probabilities that may underflow. Rows are stabilised by subtracting their maximum before exp.
//
// N = batch, K = classes; logits, probabilities and dLogits are (N, K); labels is (N) class indices in [0, K)
// reference: https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html (mean reduction)

import { assert } from './assert'

/** Writes the softmax of row n of logits into out; returns log Σ exp(logits row), computed stably. */
function softmaxRow(out: Float32Array, logits: Float32Array, n: number, K: number): number {
  const row = n * K
  let max = -Infinity
  for (let k = 0; k < K; k++) {
    max = Math.max(max, logits[row + k])
  }
  let sum = 0
  for (let k = 0; k < K; k++) {
    const e = Math.exp(logits[row + k] - max)
    out[row + k] = e
    sum += e
  }
  for (let k = 0; k < K; k++) {
    out[row + k] /= sum
  }
  return max + Math.log(sum)
}

function assertMatrix(where: string, name: string, values: Float32Array, N: number, K: number): void {
  assert(
    values.length === N * K,
    () => `${where}: ${name} has ${values.length} values, expected N*K = ${N}*${K}`,
  )
}

/** out (N, K) = softmax of each row of logits (N, K). Overwrites out. */
export function softmax(
  out: Float32Array,
  logits: Float32Array,
  batchSize: number,
  classCount: number,
): void {
  assertMatrix('softmax', 'logits', logits, batchSize, classCount)
  assertMatrix('softmax', 'out', out, batchSize, classCount)
  for (let n = 0; n < batchSize; n++) {
    softmaxRow(out, logits, n, classCount)
  }
}

/**
 * Writes probabilities (N, K) and dLogits = (p − onehot(label)) / N, and returns the mean cross-entropy
 * −(1/N) Σₙ log p[n, label[n]]. dLogits is overwritten, not accumulated: it is where backward begins.
 */
export function softmaxCrossEntropy(
  probabilities: Float32Array,
  dLogits: Float32Array,
  logits: Float32Array,
  labels: ArrayLike<number>,
  batchSize: number,
  classCount: number,
): number {
  const N = batchSize
  const K = classCount
  const where = 'softmaxCrossEntropy'
  assertMatrix(where, 'logits', logits, N, K)
  assertMatrix(where, 'probabilities', probabilities, N, K)
  assertMatrix(where, 'dLogits', dLogits, N, K)
  assert(labels.length >= N, () => `${where}: got ${labels.length} labels for a batch of ${N}`)
  for (let n = 0; n < N; n++) {
    const label = labels[n]
    assert(
      Number.isInteger(label) && label >= 0 && label < K,
      () => `${where}: label ${n} is ${label}, expected 0..${K - 1}`,
    )
  }
  let lossSum = 0
  for (let n = 0; n < N; n++) {
    const logSumExp = softmaxRow(probabilities, logits, n, K)
    const label = labels[n]
    lossSum += logSumExp - logits[n * K + label] // −log p[label], without forming log of a tiny p
    for (let k = 0; k < K; k++) {
      dLogits[n * K + k] = (probabilities[n * K + k] - (k === label ? 1 : 0)) / N
    }
  }
  return lossSum / N
}

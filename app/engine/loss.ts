// The end of every forward pass and the start of every backward pass: softmax, and the two losses on its
// probabilities against one-hot labels. Cross-entropy is fused with the softmax for the simple, stable gradient
// (p − onehot) / N. Mean squared error is the textbook loss Σₖ (pₖ − yₖ)² per sample (PyTorch's MSELoss with
// reduction 'sum' divided by N; K times its 'mean'). Both are means over the WHOLE batch (totalBatchSize), so the
// values and gradients of shards of a batch simply add up.
//
// N = batch (this shard), K = classes; logits, probabilities and dLogits are (N, K); labels is (N) in [0, K)
// reference: https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html (mean reduction)

import { assert } from './assert'

export type LossKind = 'crossEntropy' | 'mse'
export const LOSS_KINDS: readonly LossKind[] = ['crossEntropy', 'mse']

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
  assert(values.length === N * K, () => `${where}: ${name} has ${values.length} values, expected N*K = ${N}*${K}`)
}

/** out (N, K) = softmax of each row of logits (N, K). Overwrites out. */
export function softmax(out: Float32Array, logits: Float32Array, batchSize: number, classCount: number): void {
  assertMatrix('softmax', 'logits', logits, batchSize, classCount)
  assertMatrix('softmax', 'out', out, batchSize, classCount)
  for (let n = 0; n < batchSize; n++) {
    softmaxRow(out, logits, n, classCount)
  }
}

/**
 * Writes probabilities (N, K) and dLogits, and returns this shard's share of the loss (Σ over its rows, divided by
 * totalBatchSize, which defaults to N: then it is the batch mean). dLogits is overwritten, not accumulated: it is
 * where backward begins.
 *   crossEntropy: loss −log p[label],      dLogits = (p − onehot) / totalBatchSize
 *   mse:          loss Σₖ (pₖ − yₖ)²,      dLogits = pⱼ (gⱼ − Σₖ gₖ pₖ) with gₖ = 2 (pₖ − yₖ) / totalBatchSize
 */
export function lossAndGradient(
  kind: LossKind,
  probabilities: Float32Array,
  dLogits: Float32Array,
  logits: Float32Array,
  labels: ArrayLike<number>,
  batchSize: number,
  classCount: number,
  totalBatchSize = batchSize,
): number {
  const N = batchSize
  const K = classCount
  const where = `lossAndGradient(${kind})`
  assertMatrix(where, 'logits', logits, N, K)
  assertMatrix(where, 'probabilities', probabilities, N, K)
  assertMatrix(where, 'dLogits', dLogits, N, K)
  assert(labels.length >= N, () => `${where}: got ${labels.length} labels for a batch of ${N}`)
  assert(
    Number.isInteger(totalBatchSize) && totalBatchSize >= N,
    () => `${where}: totalBatchSize must be a whole number ≥ the shard's ${N}, got ${totalBatchSize}`,
  )
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
    lossSum +=
      kind === 'crossEntropy'
        ? crossEntropyRow(dLogits, probabilities, logits, logSumExp, labels[n], n, K, totalBatchSize)
        : squaredErrorRow(dLogits, probabilities, labels[n], n, K, totalBatchSize)
  }
  return lossSum / totalBatchSize
}

function crossEntropyRow(
  dLogits: Float32Array,
  probabilities: Float32Array,
  logits: Float32Array,
  logSumExp: number,
  label: number,
  n: number,
  K: number,
  total: number,
): number {
  for (let k = 0; k < K; k++) {
    dLogits[n * K + k] = (probabilities[n * K + k] - (k === label ? 1 : 0)) / total
  }
  return logSumExp - logits[n * K + label] // −log p[label], without forming the log of a tiny p
}

/** Through the softmax Jacobian dpₖ/dzⱼ = pₖ(δₖⱼ − pⱼ): dzⱼ = pⱼ (gⱼ − Σₖ gₖ pₖ). */
function squaredErrorRow(
  dLogits: Float32Array,
  probabilities: Float32Array,
  label: number,
  n: number,
  K: number,
  total: number,
): number {
  let loss = 0
  let weighted = 0 // Σₖ gₖ pₖ
  for (let k = 0; k < K; k++) {
    const p = probabilities[n * K + k]
    const error = p - (k === label ? 1 : 0)
    loss += error * error
    const g = (2 * error) / total
    dLogits[n * K + k] = g // g for now; turned into dz below
    weighted += g * p
  }
  for (let k = 0; k < K; k++) {
    const p = probabilities[n * K + k]
    dLogits[n * K + k] = p * (dLogits[n * K + k] - weighted)
  }
  return loss
}

/** The cross-entropy case of lossAndGradient over a whole batch: returns the mean −log p[label]. */
export function softmaxCrossEntropy(
  probabilities: Float32Array,
  dLogits: Float32Array,
  logits: Float32Array,
  labels: ArrayLike<number>,
  batchSize: number,
  classCount: number,
): number {
  return lossAndGradient('crossEntropy', probabilities, dLogits, logits, labels, batchSize, classCount)
}

// Classification metrics from predicted probabilities (N, K) and labels: loss, accuracy, top-k accuracy,
// the confusion matrix, per-class precision/recall/F1, macro averages and the misclassified examples. Built
// as an accumulator so the trainer can evaluate a split batch by batch; every array in the result is typed,
// so it crosses a process boundary as it is. Not here: running the network (the trainer), softmax (loss.ts).
//
// N = samples in a batch, K = classes; probabilities is (N, K) row-major, labels (N) are classes in [0, K).
// The predicted class is the arg max of a row, ties going to the lower class (as countCorrect, training.ts).

import { assert } from './assert'

/** A p that underflowed to 0 in float32 would make the mean loss Infinity; −log of this (≈ 87.3) caps it. */
const SMALLEST_PROBABILITY = 1.1754943508222875e-38 // the smallest normal float32

/** The examples the network got wrong, most confident mistake first, as parallel arrays. */
export type MisclassifiedExamples = Readonly<{
  count: number
  /** Dataset index of each example, as passed to add(). */
  indices: Int32Array
  labels: Int32Array
  predicted: Int32Array
  /** The probability of the (wrong) predicted class: the sort key, descending; ties by dataset index. */
  confidence: Float32Array
  /** (count, K): every predicted probability of each example. */
  probabilities: Float32Array
}>

export type Evaluation = Readonly<{
  count: number
  classCount: number
  /** Mean cross-entropy −log p[label] (p floored at the smallest normal float32); 0 when count is 0. */
  loss: number
  accuracy: number
  /** The k of topKAccuracy: the k asked for, capped at K. */
  topK: number
  /** Share of samples whose label is among the topK most probable classes (ties ranked as in arg max). */
  topKAccuracy: number
  /** (K, K) counts: row = true class, column = predicted class. */
  confusion: Int32Array
  /** Per class: TP / predicted as the class; 0 when the class was never predicted (0/0 is defined as 0). */
  precision: Float64Array
  /** Per class: TP / support; 0 when the class has no samples (0/0 is defined as 0). */
  recall: Float64Array
  /** Per class: 2PR / (P + R); 0 when P + R is 0. */
  f1: Float64Array
  /** Per class: number of samples with that label (the confusion matrix's row sums). */
  support: Int32Array
  /**
   * Unweighted means of the per-class values over the classes that occur as a label or as a prediction (a
   * class absent from both has no evidence either way), as scikit-learn's average='macro', zero_division=0.
   */
  macroPrecision: number
  macroRecall: number
  macroF1: number
  misclassified: MisclassifiedExamples
}>

export interface EvaluationAccumulator {
  /** Adds the first `count` rows of probabilities (≥ count*K values), their labels and dataset indices. */
  add(
    probabilities: Float32Array,
    labels: ArrayLike<number>,
    indices: ArrayLike<number>,
    count: number,
  ): void
  /** The metrics over everything added so far; may be called again after more add() calls. */
  result(): Evaluation
}

/** An empty accumulator for K classes and top-k accuracy (k ≥ 1; capped at K). */
export function createEvaluationAccumulator(classCount: number, topK: number): EvaluationAccumulator {
  assert(
    Number.isInteger(classCount) && classCount >= 1,
    () => `createEvaluationAccumulator: classCount must be an integer ≥ 1, got ${classCount}`,
  )
  assert(
    Number.isInteger(topK) && topK >= 1,
    () => `createEvaluationAccumulator: topK must be an integer ≥ 1, got ${topK}`,
  )
  return new Accumulator(classCount, Math.min(topK, classCount))
}

/** All metrics in one call, for probabilities already in one array; indices default to 0..count-1. */
export function evaluateProbabilities(
  probabilities: Float32Array,
  labels: ArrayLike<number>,
  classCount: number,
  topK: number,
  indices?: ArrayLike<number>,
): Evaluation {
  const count = labels.length
  const accumulator = createEvaluationAccumulator(classCount, topK)
  accumulator.add(probabilities, labels, indices ?? Int32Array.from({ length: count }, (_, i) => i), count)
  return accumulator.result()
}

/** The arg max of row n, ties to the lower class. */
function argMax(probabilities: Float32Array, row: number, K: number): number {
  let best = 0
  for (let k = 1; k < K; k++) {
    if (probabilities[row + k] > probabilities[row + best]) {
      best = k
    }
  }
  return best
}

/** How many classes rank before `label` in row n: higher probability, or equal with a lower index. */
function rankOf(probabilities: Float32Array, row: number, K: number, label: number): number {
  const p = probabilities[row + label]
  let rank = 0
  for (let k = 0; k < K; k++) {
    const q = probabilities[row + k]
    if (q > p || (q === p && k < label)) {
      rank++
    }
  }
  return rank
}

function divideOrZero(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator
}

class Accumulator implements EvaluationAccumulator {
  private count = 0
  private lossSum = 0
  private topKCorrect = 0
  private readonly confusion: Int32Array
  private readonly wrong: { index: number; label: number; predicted: number; confidence: number }[] = []
  private wrongProbabilities = new Float32Array(0)

  constructor(
    private readonly classCount: number,
    private readonly topK: number,
  ) {
    this.confusion = new Int32Array(classCount * classCount)
  }

  add(
    probabilities: Float32Array,
    labels: ArrayLike<number>,
    indices: ArrayLike<number>,
    count: number,
  ): void {
    const K = this.classCount
    const where = 'EvaluationAccumulator.add'
    assert(
      Number.isInteger(count) && count >= 0 && probabilities.length >= count * K,
      () => `${where}: ${count} samples need ${count}*${K} probabilities, got ${probabilities.length}`,
    )
    assert(
      labels.length >= count && indices.length >= count,
      () =>
        `${where}: ${count} samples need as many labels and indices, ` +
        `got ${labels.length} and ${indices.length}`,
    )
    for (let n = 0; n < count; n++) {
      const label = labels[n]
      const index = indices[n]
      assert(
        Number.isInteger(label) && label >= 0 && label < K,
        () => `${where}: label ${n} is ${label}, expected an integer from 0 to ${K - 1}`,
      )
      assert(
        Number.isInteger(index) && index >= 0 && index <= 0x7fffffff,
        () => `${where}: index ${n} is ${index}, expected a dataset index (an integer ≥ 0)`,
      )
    }
    for (let n = 0; n < count; n++) {
      const row = n * K
      const label = labels[n]
      const predicted = argMax(probabilities, row, K)
      this.lossSum -= Math.log(Math.max(probabilities[row + label], SMALLEST_PROBABILITY))
      this.confusion[label * K + predicted]++
      if (rankOf(probabilities, row, K, label) < this.topK) {
        this.topKCorrect++
      }
      if (predicted !== label) {
        this.keepWrong(probabilities.subarray(row, row + K), indices[n], label, predicted)
      }
    }
    this.count += count
  }

  private keepWrong(row: Float32Array, index: number, label: number, predicted: number): void {
    const K = this.classCount
    const offset = this.wrong.length * K
    if (this.wrongProbabilities.length < offset + K) {
      const grown = new Float32Array(Math.max(2 * this.wrongProbabilities.length, 64 * K))
      grown.set(this.wrongProbabilities)
      this.wrongProbabilities = grown
    }
    this.wrongProbabilities.set(row, offset)
    this.wrong.push({ index, label, predicted, confidence: row[predicted] })
  }

  result(): Evaluation {
    const K = this.classCount
    const precision = new Float64Array(K)
    const recall = new Float64Array(K)
    const f1 = new Float64Array(K)
    const support = new Int32Array(K)
    let correct = 0
    let macroPrecision = 0
    let macroRecall = 0
    let macroF1 = 0
    let presentClasses = 0
    for (let k = 0; k < K; k++) {
      let predictedCount = 0
      for (let j = 0; j < K; j++) {
        support[k] += this.confusion[k * K + j]
        predictedCount += this.confusion[j * K + k]
      }
      const truePositives = this.confusion[k * K + k]
      correct += truePositives
      precision[k] = divideOrZero(truePositives, predictedCount)
      recall[k] = divideOrZero(truePositives, support[k])
      f1[k] = divideOrZero(2 * precision[k] * recall[k], precision[k] + recall[k])
      if (support[k] > 0 || predictedCount > 0) {
        presentClasses++
        macroPrecision += precision[k]
        macroRecall += recall[k]
        macroF1 += f1[k]
      }
    }
    return {
      count: this.count,
      classCount: K,
      loss: divideOrZero(this.lossSum, this.count),
      accuracy: divideOrZero(correct, this.count),
      topK: this.topK,
      topKAccuracy: divideOrZero(this.topKCorrect, this.count),
      confusion: this.confusion.slice(),
      precision,
      recall,
      f1,
      support,
      macroPrecision: divideOrZero(macroPrecision, presentClasses),
      macroRecall: divideOrZero(macroRecall, presentClasses),
      macroF1: divideOrZero(macroF1, presentClasses),
      misclassified: this.sortedWrong(),
    }
  }

  private sortedWrong(): MisclassifiedExamples {
    const K = this.classCount
    const order = this.wrong.map((_, i) => i)
    order.sort((a, b) => {
      const x = this.wrong[a]
      const y = this.wrong[b]
      return y.confidence - x.confidence || x.index - y.index
    })
    const count = order.length
    const result = {
      count,
      indices: new Int32Array(count),
      labels: new Int32Array(count),
      predicted: new Int32Array(count),
      confidence: new Float32Array(count),
      probabilities: new Float32Array(count * K),
    }
    order.forEach((from, to) => {
      const example = this.wrong[from]
      result.indices[to] = example.index
      result.labels[to] = example.label
      result.predicted[to] = example.predicted
      result.confidence[to] = example.confidence
      result.probabilities.set(this.wrongProbabilities.subarray(from * K, (from + 1) * K), to * K)
    })
    return result
  }
}

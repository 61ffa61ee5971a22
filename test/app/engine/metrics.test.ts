// Evaluation metrics against small examples worked out by hand (in the comments), including a class that is
// never predicted (precision 0/0 := 0) and a class absent from both labels and predictions (left out of the
// macro averages), and the accumulator fed in batches against the same data in one call.

import { describe, expect, test } from 'vitest'
import { createEvaluationAccumulator, evaluateProbabilities } from '../../../app/engine/metrics'

// K = 3. Rows: probabilities, label, dataset index; the arg max (prediction) and label's rank in comments.
const PROBABILITIES = Float32Array.from([
  [0.7, 0.2, 0.1], // label 0, predicted 0 ✓, rank 0
  [0.1, 0.6, 0.3], // label 2, predicted 1 ✗ (0.6), rank 1
  [0.5, 0.4, 0.1], // label 1, predicted 0 ✗ (0.5), rank 1
  [0.2, 0.7, 0.1], // label 1, predicted 1 ✓, rank 0
  [0.8, 0.1, 0.1], // label 2, predicted 0 ✗ (0.8), rank 2: 0.8 is higher, class 1 ties and has a lower index
].flat())
const LABELS = [0, 2, 1, 1, 2]
const INDICES = [10, 11, 12, 13, 14]

// Confusion (row = true, column = predicted): [1 0 0; 1 1 0; 1 1 0]. Column sums 3, 2, 0: class 2 is never
// predicted. Row sums (support) 1, 2, 2. True positives 1, 1, 0.
const HAND = {
  count: 5,
  classCount: 3,
  loss: -(Math.log(0.7) + Math.log(0.3) + Math.log(0.4) + Math.log(0.7) + Math.log(0.1)) / 5,
  accuracy: 2 / 5,
  topK: 2,
  topKAccuracy: 4 / 5,
  confusion: Int32Array.from([1, 0, 0, 1, 1, 0, 1, 1, 0]),
  precision: Float64Array.from([1 / 3, 1 / 2, 0]), // class 2: 0 / 0 := 0
  recall: Float64Array.from([1, 1 / 2, 0]),
  f1: Float64Array.from([(2 * (1 / 3) * 1) / (1 / 3 + 1), 1 / 2, 0]), // = 0.5, 0.5, 0
  support: Int32Array.from([1, 2, 2]),
  macroPrecision: (1 / 3 + 1 / 2 + 0) / 3,
  macroRecall: (1 + 1 / 2 + 0) / 3,
  macroF1: (1 / 2 + 1 / 2 + 0) / 3,
}

function expectMatchesHand(result: ReturnType<typeof evaluateProbabilities>): void {
  const { misclassified, loss, ...exact } = result
  const { loss: handLoss, ...rest } = HAND
  expect(exact).toEqual(rest)
  expect(loss).toBeCloseTo(handLoss, 6) // the probabilities are float32, the hand value float64
  // Most confident mistake first: sample 4 (0.8), sample 1 (0.6), sample 2 (0.5).
  expect(misclassified).toEqual({
    count: 3,
    indices: Int32Array.from([14, 11, 12]),
    labels: Int32Array.from([2, 2, 1]),
    predicted: Int32Array.from([0, 1, 0]),
    confidence: Float32Array.from([0.8, 0.6, 0.5]),
    probabilities: Float32Array.from([0.8, 0.1, 0.1, 0.1, 0.6, 0.3, 0.5, 0.4, 0.1]),
  })
}

describe('evaluation metrics', () => {
  test('a hand-worked example with a class that is never predicted', () => {
    expectMatchesHand(evaluateProbabilities(PROBABILITIES, LABELS, 3, 2, INDICES))
  })

  test('the accumulator fed in uneven batches gives the same result as one call', () => {
    const accumulator = createEvaluationAccumulator(3, 2)
    accumulator.add(PROBABILITIES.subarray(0, 2 * 3), LABELS.slice(0, 2), INDICES.slice(0, 2), 2)
    // A batch buffer longer than its count, as the trainer's reused buffers are: the extra row is ignored.
    const padded = Float32Array.from([...PROBABILITIES.subarray(2 * 3), 0, 0, 1])
    accumulator.add(padded, [...LABELS.slice(2), 0], [...INDICES.slice(2), 99], 3)
    expectMatchesHand(accumulator.result())
  })

  test('result() can be called between batches and does not disturb later ones', () => {
    const accumulator = createEvaluationAccumulator(3, 2)
    accumulator.add(PROBABILITIES.subarray(0, 3), LABELS, INDICES, 1)
    const early = accumulator.result()
    expect([early.count, early.accuracy, early.misclassified.count]).toEqual([1, 1, 0])
    accumulator.add(PROBABILITIES.subarray(3), LABELS.slice(1), INDICES.slice(1), 4)
    expectMatchesHand(accumulator.result())
    expect(early.confusion[0]).toBe(1) // the earlier result is a snapshot, not a view
  })

  test('a class absent from labels and predictions is left out of the macro averages', () => {
    // The same data with a fourth class that has probability 0 everywhere and no samples.
    const widened = new Float32Array(5 * 4)
    for (let n = 0; n < 5; n++) {
      widened.set(PROBABILITIES.subarray(n * 3, n * 3 + 3), n * 4)
    }
    const result = evaluateProbabilities(widened, LABELS, 4, 2, INDICES)
    expect([result.precision[3], result.recall[3], result.f1[3], result.support[3]]).toEqual([0, 0, 0, 0])
    expect([result.macroPrecision, result.macroRecall, result.macroF1]).toEqual([
      HAND.macroPrecision,
      HAND.macroRecall,
      HAND.macroF1,
    ])
  })

  test('ties: arg max and top-k rank go to the lower class index', () => {
    // Row 0 is uniform: predicted 0, so label 1 is wrong at top-1 (rank 1) and right at top-2.
    // Row 1: label 2 ties with class 1 at 0.4: predicted 1, and label 2 ranks 1 (after class 1 only).
    const probabilities = Float32Array.from([0.25, 0.25, 0.25, 0.25, 0.2, 0.4, 0.4, 0])
    const result = evaluateProbabilities(probabilities, [1, 2], 4, 2)
    // Sorted by confidence: row 1 (0.4) before row 0 (0.25).
    expect(Array.from(result.misclassified.indices)).toEqual([1, 0])
    expect(Array.from(result.misclassified.predicted)).toEqual([1, 0])
    expect(result.accuracy).toBe(0)
    expect(result.topKAccuracy).toBe(1)
    const top1 = evaluateProbabilities(probabilities, [1, 2], 4, 1)
    expect(top1.topKAccuracy).toBe(top1.accuracy)
  })

  test('equally confident mistakes are ordered by dataset index', () => {
    const probabilities = Float32Array.from([0.1, 0.9, 0.9, 0.1, 0.1, 0.9])
    const result = evaluateProbabilities(probabilities, [0, 1, 0], 2, 1, [7, 3, 5])
    expect(Array.from(result.misclassified.indices)).toEqual([3, 5, 7])
  })

  test('a probability that underflowed to 0 gives a large finite loss, not Infinity', () => {
    const result = evaluateProbabilities(Float32Array.from([1, 0]), [1], 2, 1)
    expect(result.loss).toBeCloseTo(-Math.log(1.1754943508222875e-38), 10)
    expect(result.loss).toBeGreaterThan(87)
  })

  test('top-k is capped at the class count; an empty set gives zeros', () => {
    const accumulator = createEvaluationAccumulator(3, 5)
    const empty = accumulator.result()
    expect(empty).toEqual({
      count: 0,
      classCount: 3,
      loss: 0,
      accuracy: 0,
      topK: 3,
      topKAccuracy: 0,
      confusion: new Int32Array(9),
      precision: new Float64Array(3),
      recall: new Float64Array(3),
      f1: new Float64Array(3),
      support: new Int32Array(3),
      macroPrecision: 0,
      macroRecall: 0,
      macroF1: 0,
      misclassified: {
        count: 0,
        indices: new Int32Array(0),
        labels: new Int32Array(0),
        predicted: new Int32Array(0),
        confidence: new Float32Array(0),
        probabilities: new Float32Array(0),
      },
    })
    accumulator.add(PROBABILITIES, LABELS, INDICES, 5)
    expect(accumulator.result().topKAccuracy).toBe(1)
  })

  test('many mistakes: the misclassified store grows and keeps every row', () => {
    const count = 300
    const probabilities = new Float32Array(count * 2)
    for (let n = 0; n < count; n++) {
      probabilities.set([0.5 + n / 1000, 0.5 - n / 1000], n * 2) // predicted 0, more confident as n grows
    }
    const result = evaluateProbabilities(probabilities, new Int32Array(count).fill(1), 2, 1)
    expect(result.misclassified.count).toBe(count)
    expect(result.misclassified.indices[0]).toBe(count - 1)
    expect(Array.from(result.misclassified.probabilities.subarray(0, 2))).toEqual(
      Array.from(probabilities.subarray((count - 1) * 2)),
    )
    expect(result.misclassified.indices[count - 1]).toBe(0)
  })

  test('bad input is refused with a message naming the value', () => {
    const accumulator = createEvaluationAccumulator(3, 1)
    expect(() => accumulator.add(PROBABILITIES, [0, 1, 3, 0, 0], INDICES, 5)).toThrow(
      'label 2 is 3, expected an integer from 0 to 2',
    )
    expect(() => accumulator.add(PROBABILITIES, LABELS, INDICES, 6)).toThrow(
      '6 samples need 6*3 probabilities, got 15',
    )
    expect(() => accumulator.add(PROBABILITIES, LABELS, [0, 1, -1, 2, 3], 5)).toThrow('index 2 is -1')
    expect(() => createEvaluationAccumulator(3, 0)).toThrow('topK must be an integer ≥ 1, got 0')
    expect(accumulator.result().count).toBe(0) // a refused batch adds nothing
  })
})

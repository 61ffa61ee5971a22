import { describe, expect, test } from 'vitest'
import { lossAndGradient, softmax, softmaxCrossEntropy } from '../../../app/engine/loss'
import { expectClose } from './testUtils'

describe('softmaxCrossEntropy', () => {
  test('matches a hand computation', () => {
    // Row 0: logits (1, 2, 3), label 2. Row 1: logits (0, 0, 0), label 0.
    const logits = Float32Array.of(1, 2, 3, 0, 0, 0)
    const sum = Math.exp(1) + Math.exp(2) + Math.exp(3)
    const p0 = [Math.exp(1) / sum, Math.exp(2) / sum, Math.exp(3) / sum]
    const p1 = [1 / 3, 1 / 3, 1 / 3]
    const expectedLoss = (-Math.log(p0[2]) - Math.log(p1[0])) / 2
    const probabilities = new Float32Array(6)
    const dLogits = new Float32Array(6).fill(123) // overwritten, not accumulated
    const loss = softmaxCrossEntropy(probabilities, dLogits, logits, [2, 0], 2, 3)
    expect(loss).toBeCloseTo(expectedLoss, 6)
    expectClose(probabilities, [...p0, ...p1])
    expectClose(dLogits, [p0[0] / 2, p0[1] / 2, (p0[2] - 1) / 2, (p1[0] - 1) / 2, p1[1] / 2, p1[2] / 2])
  })

  test('is stable for huge logits (shift invariance)', () => {
    const probabilities = new Float32Array(3)
    const dLogits = new Float32Array(3)
    const small = softmaxCrossEntropy(probabilities, dLogits, Float32Array.of(0, 1, -2), [1], 1, 3)
    const smallProbabilities = Float32Array.from(probabilities)
    const huge = softmaxCrossEntropy(probabilities, dLogits, Float32Array.of(1000, 1001, 998), [1], 1, 3)
    expect(huge).toBeCloseTo(small, 5)
    expectClose(probabilities, smallProbabilities)
    // A confidently wrong answer has a large but finite loss.
    expect(softmaxCrossEntropy(probabilities, dLogits, Float32Array.of(0, -200, 0), [1], 1, 3)).toBeCloseTo(
      200 + Math.log(2),
      3,
    )
  })

  test('reads only the first N labels and rejects bad ones by name', () => {
    const run = (labels: number[]): number =>
      softmaxCrossEntropy(new Float32Array(2), new Float32Array(2), Float32Array.of(0, 0), labels, 1, 2)
    expect(run([1, 99])).toBeCloseTo(Math.log(2), 6)
    expect(() => run([2])).toThrow(/label 0 is 2, expected 0..1/)
    expect(() => run([0.5])).toThrow(/label 0 is 0.5/)
  })
})

test('softmax rows sum to one and keep order', () => {
  const out = new Float32Array(4)
  softmax(out, Float32Array.of(3, 1, -5, 5), 2, 2)
  expect(out[0] + out[1]).toBeCloseTo(1, 6)
  expect(out[2] + out[3]).toBeCloseTo(1, 6)
  expect(out[0]).toBeCloseTo(1 / (1 + Math.exp(-2)), 6)
  expect(out[3]).toBeGreaterThan(out[2])
})

describe('lossAndGradient', () => {
  test('mse is Σₖ (pₖ − onehotₖ)² per sample, averaged over the batch (hand computation)', () => {
    // Row 0: logits (0, ln 3) → p = (1/4, 3/4), label 1: (1/4)² + (1/4)² = 1/8.
    // Row 1: logits (0, 0) → p = (1/2, 1/2), label 0: 1/4 + 1/4 = 1/2.
    const logits = Float32Array.of(0, Math.log(3), 0, 0)
    const dLogits = new Float32Array(4)
    const loss = lossAndGradient('mse', new Float32Array(4), dLogits, logits, [1, 0], 2, 2)
    expect(loss).toBeCloseTo((1 / 8 + 1 / 2) / 2, 6)
    // Two classes: L = 2(p₀ − y₀)², dL/dz₀ = 4(p₀ − y₀)·p₀p₁ / N and dz₁ = −dz₀.
    const row0 = (4 * (1 / 4) * (1 / 4) * (3 / 4)) / 2
    const row1 = (4 * (1 / 2 - 1) * (1 / 2) * (1 / 2)) / 2
    expectClose(dLogits, [row0, -row0, row1, -row1])
  })

  test.each(['crossEntropy', 'mse'] as const)('%s: shards of a batch add up to the whole batch', (kind) => {
    const logits = Float32Array.of(1, 2, 3, 0, 0, 0, -1, 4, 0.5)
    const labels = [2, 0, 1]
    const whole = new Float32Array(9)
    const wholeLoss = lossAndGradient(kind, new Float32Array(9), whole, logits, labels, 3, 3)
    const first = new Float32Array(3)
    const second = new Float32Array(6)
    const firstLoss = lossAndGradient(kind, new Float32Array(3), first, logits.subarray(0, 3), [2], 1, 3, 3)
    const secondLoss = lossAndGradient(kind, new Float32Array(6), second, logits.subarray(3), [0, 1], 2, 3, 3)
    expect(firstLoss + secondLoss).toBeCloseTo(wholeLoss, 6)
    expectClose([...first, ...second], whole)
  })

  test('refuses a total batch smaller than the shard', () => {
    expect(() =>
      lossAndGradient('mse', new Float32Array(4), new Float32Array(4), new Float32Array(4), [0, 1], 2, 2, 1),
    ).toThrow("lossAndGradient(mse): totalBatchSize must be a whole number ≥ the shard's 2, got 1")
  })
})

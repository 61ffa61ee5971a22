import { describe, expect, test } from 'vitest'
import { learningRateAt, scheduleCurve } from '../../../app/engine/schedule'
import type { LearningRateSchedule } from '../../../app/engine/schedule'
import fixture from '../../fixtures/optimizers.json'

// References from torch.optim.lr_scheduler (scripts/fixtures/optimizers.py): StepLR stepped per epoch, LinearLR
// (the warm-up) and CosineAnnealingLR stepped per step, each listing the rate the optimiser uses at each step.
const { baseLearningRate: base, stepPerEpoch, cosine, warmup } = fixture.schedules
const rtol = 1e-9

function expectRate(actual: number, expected: number, label: string): void {
  expect(Math.abs(actual - expected), `${label}: got ${actual}, expected ${expected}`).toBeLessThanOrEqual(
    rtol * Math.abs(expected),
  )
}

describe('learningRateAt', () => {
  test('constant: the base rate at every step, and after the last', () => {
    const schedule: LearningRateSchedule = { kind: 'constant', warmupEpochs: 0 }
    for (const step of [0, 1, 7, 29, 30, 1000]) {
      expect(learningRateAt(schedule, 0.03, step, 10, 3)).toBe(0.03)
    }
  })

  test('step: StepLR(step_size=2, gamma=0.5) per epoch, the same rate for every step of an epoch', () => {
    const schedule: LearningRateSchedule = {
      kind: 'step',
      everyEpochs: stepPerEpoch.everyEpochs,
      gamma: stepPerEpoch.gamma,
      warmupEpochs: 0,
    }
    const stepsPerEpoch = 3
    for (let step = 0; step < stepPerEpoch.epochs * stepsPerEpoch; step++) {
      const expected = stepPerEpoch.rates[Math.floor(step / stepsPerEpoch)]
      expectRate(learningRateAt(schedule, base, step, stepsPerEpoch, stepPerEpoch.epochs), expected, `step ${step}`)
    }
  })

  test('warm-up: LinearLR(start_factor=1/W, total_iters=W−1), then the base rate (constant schedule)', () => {
    // 4 warm-up steps = 2 epochs of 2 steps; 6 epochs in all.
    const schedule: LearningRateSchedule = { kind: 'constant', warmupEpochs: 2 }
    warmup.rates.forEach((expected, step) => expectRate(learningRateAt(schedule, base, step, 2, 6), expected, `${step}`))
    expect(warmup.rates[0]).toBeCloseTo(base / 4, 12) // "from ~0": one W-th of the rate at the first step
    for (let step = warmup.steps; step < 12; step++) {
      expect(learningRateAt(schedule, base, step, 2, 6)).toBe(base)
    }
  })

  test('cosine after warm-up: LinearLR for W steps, then CosineAnnealingLR(T_max = total − W, eta_min)', () => {
    // 3 steps per epoch, 7 epochs = 21 steps; warm-up 4/3 epochs = 4 steps, so T_max = 17 as in the fixture.
    const schedule: LearningRateSchedule = {
      kind: 'cosine',
      minLearningRate: cosine.minLearningRate,
      warmupEpochs: 4 / 3,
    }
    expect(cosine.tMax).toBe(21 - warmup.steps)
    for (let step = 0; step < 21; step++) {
      const expected = step < warmup.steps ? warmup.rates[step] : cosine.rates[step - warmup.steps]
      expectRate(learningRateAt(schedule, base, step, 3, 7), expected, `step ${step}`)
    }
    // Past the end it stays at the minimum (torch's would rise again; a finished run has no such steps).
    expectRate(learningRateAt(schedule, base, 21, 3, 7), cosine.rates[cosine.tMax], 'step 21')
    expectRate(learningRateAt(schedule, base, 500, 3, 7), cosine.minLearningRate, 'step 500')
  })

  test('hand-computed cosine without warm-up: base at step 0, the midpoint halfway, (1+cos(π/4))/2 at a quarter', () => {
    const schedule: LearningRateSchedule = { kind: 'cosine', minLearningRate: 0, warmupEpochs: 0 }
    expect(learningRateAt(schedule, 1, 0, 4, 2)).toBe(1)
    expect(learningRateAt(schedule, 1, 4, 4, 2)).toBeCloseTo(0.5, 12)
    expect(learningRateAt(schedule, 1, 2, 4, 2)).toBeCloseTo((1 + Math.SQRT1_2) / 2, 12)
  })

  test('step with warm-up multiplies the two: the warm-up factor times the StepLR rate of the epoch', () => {
    const schedule: LearningRateSchedule = { kind: 'step', everyEpochs: 2, gamma: 0.5, warmupEpochs: 4 / 3 }
    for (let step = 0; step < 21; step++) {
      const factor = step < warmup.steps ? warmup.rates[step] / base : 1
      const expected = factor * stepPerEpoch.rates[Math.floor(step / 3)]
      expectRate(learningRateAt(schedule, base, step, 3, 7), expected, `step ${step}`)
    }
  })

  test('refuses values outside their ranges, naming them', () => {
    const constant: LearningRateSchedule = { kind: 'constant', warmupEpochs: 0 }
    expect(() => learningRateAt(constant, Number.NaN, 0, 1, 1)).toThrow(/baseLearningRate .* got NaN/)
    expect(() => learningRateAt(constant, 0.1, -1, 1, 1)).toThrow(/step must be a whole number ≥ 0, got -1/)
    expect(() => learningRateAt(constant, 0.1, 0, 0, 1)).toThrow(/stepsPerEpoch and totalEpochs .* got 0 and 1/)
    expect(() => learningRateAt({ kind: 'constant', warmupEpochs: 4 }, 0.1, 0, 1, 3)).toThrow(
      /warmupEpochs must be a number from 0 to totalEpochs \(3\), got 4/,
    )
    expect(() => learningRateAt({ kind: 'step', everyEpochs: 0, gamma: 0.1, warmupEpochs: 0 }, 0.1, 0, 1, 3)).toThrow(
      /everyEpochs must be a whole number ≥ 1, got 0/,
    )
    expect(() => learningRateAt({ kind: 'step', everyEpochs: 1, gamma: -1, warmupEpochs: 0 }, 0.1, 0, 1, 3)).toThrow(
      /gamma must be a finite number > 0, got -1/,
    )
    expect(() => learningRateAt({ kind: 'cosine', minLearningRate: 0.2, warmupEpochs: 0 }, 0.1, 0, 1, 3)).toThrow(
      /minLearningRate must be from 0 to the base rate 0.1, got 0.2/,
    )
  })
})

describe('scheduleCurve', () => {
  test('with few steps, every step with the rate learningRateAt gives and its fractional epoch', () => {
    const schedule: LearningRateSchedule = { kind: 'cosine', minLearningRate: 0.001, warmupEpochs: 1 }
    const points = scheduleCurve(schedule, 0.1, 5, 4)
    expect(points.map((p) => p.step)).toEqual(Array.from({ length: 20 }, (_, i) => i))
    for (const point of points) {
      expect(point.epoch).toBe(point.step / 5)
      expect(point.learningRate).toBe(learningRateAt(schedule, 0.1, point.step, 5, 4))
    }
  })

  test('with many steps, about maxPoints from the first to the last step, plus both sides of every drop', () => {
    const schedule: LearningRateSchedule = { kind: 'step', everyEpochs: 3, gamma: 0.1, warmupEpochs: 0 }
    const points = scheduleCurve(schedule, 1, 1000, 10, 50)
    const steps = points.map((p) => p.step)
    expect(steps[0]).toBe(0)
    expect(steps.at(-1)).toBe(9999)
    expect(steps).toEqual([...steps].sort((a, b) => a - b))
    expect(new Set(steps).size).toBe(steps.length)
    for (const drop of [3000, 6000, 9000]) {
      expect(steps).toContain(drop - 1)
      expect(steps).toContain(drop)
    }
    expect(points.length).toBeLessThanOrEqual(50 + 6)
    expect(points.find((p) => p.step === 5999)?.learningRate).toBeCloseTo(0.1, 12)
    expect(points.find((p) => p.step === 6000)?.learningRate).toBeCloseTo(0.01, 12)
  })
})

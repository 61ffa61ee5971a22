import { describe, expect, test } from 'vitest'
import { learningRateAt } from '../../../../app/engine/schedule'
import {
  previewLearningRate,
  schedulePreviewPoints,
  stepsPerEpochFor,
} from '../../../../renderer/features/train/schedulePreview'
import type { SchedulePlan } from '../../../../renderer/features/train/schedulePreview'

function plan(schedule: SchedulePlan['schedule'], stepsPerEpoch = 10, epochs = 4, base = 0.1): SchedulePlan {
  return { schedule, baseLearningRate: base, stepsPerEpoch, epochs }
}

// Values worked out by hand from the formulas in app/engine/schedule.ts's header.
describe('previewLearningRate', () => {
  test('constant: the base rate at every step', () => {
    const constant = plan({ kind: 'constant', warmupEpochs: 0 })
    expect([0, 17, 39, 100].map((step) => previewLearningRate(constant, step))).toEqual([0.1, 0.1, 0.1, 0.1])
  })

  test('warm-up: W = round(1.5 · 4) = 6 steps, rising by base/6 a step, then the full rate', () => {
    const warm = plan({ kind: 'constant', warmupEpochs: 1.5 }, 4)
    const rates = [0, 2, 4, 5, 6, 15].map((step) => previewLearningRate(warm, step))
    expect(rates[0]).toBeCloseTo(0.1 / 6, 12)
    expect(rates[1]).toBeCloseTo(0.05, 12)
    expect(rates[2]).toBeCloseTo((0.1 * 5) / 6, 12)
    expect(rates.slice(3)).toEqual([0.1, 0.1, 0.1])
  })

  test('step: × 0.1 every 2 epochs of 10 steps', () => {
    const stepped = plan({ kind: 'step', warmupEpochs: 0, everyEpochs: 2, gamma: 0.1 })
    const rates = [0, 19, 20, 39, 40].map((step) => previewLearningRate(stepped, step))
    expect(rates[0]).toBe(0.1)
    expect(rates[1]).toBe(0.1)
    expect(rates[2]).toBeCloseTo(0.01, 15)
    expect(rates[3]).toBeCloseTo(0.01, 15)
    expect(rates[4]).toBeCloseTo(0.001, 15)
  })

  test('cosine: from 0.1 to 0.01 over T = 40 steps', () => {
    const cosine = plan({ kind: 'cosine', warmupEpochs: 0, minLearningRate: 0.01 })
    expect(previewLearningRate(cosine, 0)).toBe(0.1)
    // t/T = 1/4: 0.01 + 0.09 · (1 + cos(π/4)) / 2 = 0.01 + 0.09 · 0.853553…
    expect(previewLearningRate(cosine, 10)).toBeCloseTo(0.0868198, 6)
    expect(previewLearningRate(cosine, 20)).toBeCloseTo(0.055, 12)
    expect(previewLearningRate(cosine, 40)).toBeCloseTo(0.01, 12)
    expect(previewLearningRate(cosine, 55)).toBeCloseTo(0.01, 12) // stays at the end value past the run
  })

  test('cosine after one warm-up epoch: W = 10, the cosine spans the other 30 steps', () => {
    const warmCosine = plan({ kind: 'cosine', warmupEpochs: 1, minLearningRate: 0 })
    expect(previewLearningRate(warmCosine, 4)).toBeCloseTo(0.05, 12) // (4 + 1) / 10 of the base
    expect(previewLearningRate(warmCosine, 9)).toBe(0.1)
    expect(previewLearningRate(warmCosine, 24)).toBeCloseTo(0.0552264, 6) // t = 14: 0.1 · (1 + cos(14π/30)) / 2
    expect(previewLearningRate(warmCosine, 25)).toBeCloseTo(0.05, 12) // t = 15, half way
    expect(previewLearningRate(warmCosine, 39)).toBeCloseTo(0.000273905, 8) // t = 29
  })

  test('cosine with the whole run as warm-up is the warm-up ramp alone', () => {
    const allWarmup = plan({ kind: 'cosine', warmupEpochs: 4, minLearningRate: 0 })
    expect(previewLearningRate(allWarmup, 19)).toBeCloseTo(0.05, 12)
  })

  // The engine's schedule is an independent implementation of the same formulas: the preview must draw what
  // the trainer will do.
  test.each([
    ['constant with warm-up', { kind: 'constant', warmupEpochs: 0.3 }, 7, 3],
    ['step', { kind: 'step', warmupEpochs: 0, everyEpochs: 1, gamma: 0.5 }, 5, 4],
    ['step with warm-up', { kind: 'step', warmupEpochs: 2, everyEpochs: 3, gamma: 0.2 }, 6, 9],
    ['cosine', { kind: 'cosine', warmupEpochs: 0, minLearningRate: 0.001 }, 13, 5],
    ['cosine with warm-up', { kind: 'cosine', warmupEpochs: 1.5, minLearningRate: 0 }, 4, 6],
  ] as const)('agrees with the engine: %s', (_name, schedule, stepsPerEpoch, epochs) => {
    const planned = plan(schedule, stepsPerEpoch, epochs, 0.05)
    for (let step = 0; step < stepsPerEpoch * epochs + 3; step++) {
      expect(previewLearningRate(planned, step)).toBeCloseTo(
        learningRateAt(schedule, 0.05, step, stepsPerEpoch, epochs),
        12,
      )
    }
  })
})

describe('schedulePreviewPoints', () => {
  test('every step of a short run, at x = step / steps per epoch', () => {
    const points = schedulePreviewPoints(plan({ kind: 'constant', warmupEpochs: 0 }, 3, 2))
    expect(points.map((point) => point.x)).toEqual([0, 1 / 3, 2 / 3, 1, 4 / 3, 5 / 3])
    expect(points.every((point) => point.y === 0.1)).toBe(true)
  })

  test('a long run is thinned but keeps its ends, the end of the warm-up and both sides of every drop', () => {
    const stepped = plan({ kind: 'step', warmupEpochs: 0.5, everyEpochs: 3, gamma: 0.5 }, 1000, 10)
    const points = schedulePreviewPoints(stepped, 100)
    const steps = points.map((point) => Math.round(point.x * 1000))
    expect(points.length).toBeLessThan(120)
    expect(steps[0]).toBe(0)
    expect(steps.at(-1)).toBe(9999)
    expect(steps).toEqual([...steps].sort((a, b) => a - b))
    expect(new Set(steps).size).toBe(steps.length)
    for (const step of [499, 2999, 3000, 5999, 6000, 8999, 9000]) {
      expect(steps).toContain(step)
    }
    const at = (step: number) => points[steps.indexOf(step)].y
    expect([at(2999), at(3000), at(6000)]).toEqual([0.1, 0.05, 0.025])
  })

  test('no points for an empty plan', () => {
    expect(schedulePreviewPoints(plan({ kind: 'constant', warmupEpochs: 0 }, 0, 3))).toEqual([])
  })
})

test('steps per epoch count the last, smaller batch', () => {
  expect([stepsPerEpochFor(4800, 32), stepsPerEpochFor(10, 3), stepsPerEpochFor(0, 8)]).toEqual([150, 4, 1])
})

import { expect, test } from 'vitest'
import { EarlyStopping } from '../../../app/engine/earlyStopping'

// Hand-computed sequences under the rule of Keras' and Lightning's EarlyStopping: an epoch improves when
// loss < best − minDelta; stop after `patience` epochs in a row without improvement.
function run(stopper: EarlyStopping, losses: number[], firstEpoch = 0) {
  return losses.map((loss, i) => stopper.observe(firstEpoch + i, loss))
}

test('patience 2, minDelta 0.01: a gain smaller than minDelta does not count; stops at the second bad epoch', () => {
  const decisions = run(new EarlyStopping({ patience: 2, minDelta: 0.01 }), [1.0, 0.95, 0.945, 0.96])
  expect(decisions).toEqual([
    { shouldStop: false, isBest: true, bestEpoch: 0 },
    { shouldStop: false, isBest: true, bestEpoch: 1 }, // 0.95 < 1.0 − 0.01
    { shouldStop: false, isBest: false, bestEpoch: 1 }, // 0.945 is not < 0.94
    { shouldStop: true, isBest: false, bestEpoch: 1 },
  ])
})

test('an improvement resets the count (patience 3, minDelta 0)', () => {
  const decisions = run(new EarlyStopping({ patience: 3, minDelta: 0 }), [0.5, 0.6, 0.7, 0.4, 0.45, 0.46, 0.47])
  expect(decisions.map((d) => d.isBest)).toEqual([true, false, false, true, false, false, false])
  expect(decisions.map((d) => d.shouldStop)).toEqual([false, false, false, false, false, false, true])
  expect(decisions.at(-1)?.bestEpoch).toBe(3)
})

test('equal to best − minDelta is not an improvement (strict), just below is', () => {
  const stopper = new EarlyStopping({ patience: 5, minDelta: 0.25 })
  stopper.observe(0, 1)
  expect(stopper.observe(1, 0.75).isBest).toBe(false)
  expect(stopper.observe(2, 0.7).isBest).toBe(true)
})

test('patience 0 stops at the first epoch that does not improve; a NaN loss stops at once', () => {
  expect(run(new EarlyStopping({ patience: 0, minDelta: 0 }), [1, 0.9, 0.9]).map((d) => d.shouldStop)).toEqual([
    false,
    false,
    true,
  ])
  const stopper = new EarlyStopping({ patience: 10, minDelta: 0 })
  stopper.observe(0, 2)
  expect(stopper.observe(1, Number.NaN)).toEqual({ shouldStop: true, isBest: false, bestEpoch: 0 })
})

test('a stopper restored from a JSON copy of its state decides exactly like the uninterrupted one', () => {
  const losses = [0.9, 0.8, 0.85, 0.79, 0.81, 0.82, 0.83, 0.7, 0.75]
  const whole = run(new EarlyStopping({ patience: 3, minDelta: 0.005 }), losses)
  const first = new EarlyStopping({ patience: 3, minDelta: 0.005 })
  const before = run(first, losses.slice(0, 5))
  const resumed = new EarlyStopping({ patience: 3, minDelta: 0.005 })
  resumed.setState(JSON.parse(JSON.stringify(first.getState())))
  expect([...before, ...run(resumed, losses.slice(5), 5)]).toEqual(whole)
})

test('refuses bad options, an epoch observed twice and an inconsistent state', () => {
  expect(() => new EarlyStopping({ patience: -1, minDelta: 0 })).toThrow(/patience must be a whole number ≥ 0, got -1/)
  expect(() => new EarlyStopping({ patience: 1, minDelta: Number.NaN })).toThrow(/minDelta .* got NaN/)
  const stopper = new EarlyStopping({ patience: 1, minDelta: 0 })
  stopper.observe(3, 1)
  expect(() => stopper.observe(3, 0.5)).toThrow(/after the last one \(3\), got 3/)
  expect(() => stopper.setState({ bestLoss: null, bestEpoch: 2, epochsWithoutImprovement: 0, lastEpoch: 2 })).toThrow(
    /inconsistent state/,
  )
})

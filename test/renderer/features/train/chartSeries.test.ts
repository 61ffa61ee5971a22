import { describe, expect, test } from 'vitest'
import { chartPointsFor, emptyChartSeries } from '../../../../renderer/features/train/chartSeries'
import { epochEvent, runStartedEvent, stepEvent } from '../../fixtures'

function step(runId: string, epoch: number, stepNumber: number, loss: number) {
  return stepEvent(runId, epoch, stepNumber, { loss })
}

describe('chartPointsFor', () => {
  test('places step losses at fractional epochs and epoch results at whole ones, in place', () => {
    const series = emptyChartSeries('run-a', 2)
    const lossArray = series.loss
    expect(chartPointsFor(series, step('run-a', 1, 1, 0.9))).toBe(series)
    chartPointsFor(series, step('run-a', 2, 2, 0.4))
    chartPointsFor(
      series,
      epochEvent('run-a', 1, { trainAccuracy: 0.7, validationLoss: 0.6, validationAccuracy: 0.65 }),
    )
    expect(series.loss).toBe(lossArray)
    expect(series.loss).toEqual([
      { x: 0.25, y: 0.9 },
      { x: 1.5, y: 0.4 },
    ])
    expect(series.validationLoss).toEqual([{ x: 1, y: 0.6 }])
    expect(series.trainAccuracy).toEqual([{ x: 1, y: 0.7 }])
    expect(series.validationAccuracy).toEqual([{ x: 1, y: 0.65 }])
  })

  test('skips losses chart.js cannot place and repeats that would go backwards', () => {
    const series = emptyChartSeries('run-a', 2)
    chartPointsFor(series, step('run-a', 1, 2, Number.NaN))
    chartPointsFor(series, step('run-a', 1, 2, 0.5))
    chartPointsFor(series, step('run-a', 1, 1, 0.7))
    expect(series.loss).toEqual([{ x: 0.5, y: 0.5 }])
  })

  test('a different run starts a new series without a plan; unrelated events change nothing', () => {
    const series = emptyChartSeries('run-a', 2)
    chartPointsFor(series, step('run-a', 1, 1, 0.9))
    const next = chartPointsFor(series, step('run-b', 1, 1, 0.3))
    expect(next).not.toBe(series)
    expect(next).toMatchObject({ runId: 'run-b', plannedEpochs: null, loss: [{ x: 0.25, y: 0.3 }] })
    expect(chartPointsFor(series, { type: 'state', state: 'idle', runId: null })).toBeNull()
  })

  test('runStarted gives an adopted run its planned epochs, keeping the points so far', () => {
    const series = emptyChartSeries('run-a', null)
    chartPointsFor(series, step('run-a', 1, 1, 0.9))
    const planned = chartPointsFor(series, runStartedEvent('run-a'))
    expect(planned).toMatchObject({ runId: 'run-a', plannedEpochs: 2, loss: [{ x: 0.25, y: 0.9 }] })
    expect(planned?.loss).toBe(series.loss)
    expect(chartPointsFor(planned!, runStartedEvent('run-a'))).toBe(planned)
  })
})

// The points behind the live charts, and how each trainer event adds to them. Appends in place (the charts
// hold these very arrays) and returns a new series only when a different run takes over. Pure apart from
// that deliberate in-place append; tested without a canvas.

import type { TrainerEvent } from '../../../app/protocol/trainerProtocol'

export type ChartPoint = { x: number; y: number }

export type ChartSeries = Readonly<{
  runId: string | null
  plannedEpochs: number | null
  /** Every step's batch loss at x = fractional epoch ((epoch − 1) + step / stepsPerEpoch). */
  loss: ChartPoint[]
  validationLoss: ChartPoint[]
  trainAccuracy: ChartPoint[]
  validationAccuracy: ChartPoint[]
}>

export function emptyChartSeries(runId: string | null, plannedEpochs: number | null): ChartSeries {
  return { runId, plannedEpochs, loss: [], validationLoss: [], trainAccuracy: [], validationAccuracy: [] }
}

function forRun(series: ChartSeries, runId: string): ChartSeries {
  return series.runId === runId ? series : emptyChartSeries(runId, null)
}

/**
 * Adds the event's points. Returns the same series when it appended in place, a new one when another run
 * took over or the plan changed (runStarted says how many epochs), and null when the event carries nothing to plot.
 */
export function chartPointsFor(series: ChartSeries, event: TrainerEvent): ChartSeries | null {
  switch (event.type) {
    case 'runStarted': {
      const target = forRun(series, event.runId)
      const plannedEpochs = event.hyperparameters.epochs
      return target.plannedEpochs === plannedEpochs ? target : { ...target, plannedEpochs }
    }
    case 'step': {
      const target = forRun(series, event.runId)
      const x = event.epoch - 1 + event.step / Math.max(1, event.stepsPerEpoch)
      // A finite y only: chart.js cannot place NaN; the error banner explains a diverged run.
      if (
        Number.isFinite(event.loss) &&
        (target.loss.length === 0 || x > target.loss[target.loss.length - 1].x)
      ) {
        target.loss.push({ x, y: event.loss })
      }
      return target
    }
    case 'epoch': {
      const target = forRun(series, event.runId)
      if (Number.isFinite(event.validationLoss)) {
        target.validationLoss.push({ x: event.epoch, y: event.validationLoss })
      }
      target.trainAccuracy.push({ x: event.epoch, y: event.trainAccuracy })
      target.validationAccuracy.push({ x: event.epoch, y: event.validationAccuracy })
      return target
    }
    default:
      return null
  }
}

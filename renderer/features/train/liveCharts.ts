// The two live charts of a run: batch loss (every step) with validation loss (every epoch), and train /
// validation accuracy per epoch. Each chart.js chart is created once; points are appended to arrays the
// charts read directly and the redraw is throttled to one per animation frame with update('none').
// React never sees the points. Colours come from the theme's CSS variables and follow scheme changes.

import {
  Chart,
  Decimation,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
} from 'chart.js'
import type { ChartConfiguration } from 'chart.js'
import type { TrainerEvent } from '../../../app/protocol/trainerProtocol'
import { createFrameThrottle } from '../../shared/frameThrottle'
import { formatLoss } from '../../shared/format'
import { applyChartTheme, setInterfaceFont } from './chartTheme'
import { chartPointsFor, emptyChartSeries } from './chartSeries'
import type { ChartPoint, ChartSeries } from './chartSeries'

Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip, Legend, Decimation)

export type TrainingCharts = Readonly<{
  /** Creates the chart on this canvas; returns the function that destroys it. */
  attachLoss(canvas: HTMLCanvasElement): () => void
  attachAccuracy(canvas: HTMLCanvasElement): () => void
  /** A new run from this window: clear the points and fix the x axis to the planned epochs. */
  startRun(runId: string, plannedEpochs: number): void
  /** Any trainer event; those of another run make that run the current one, as in trainingView. */
  accept(event: TrainerEvent): void
  /** Re-reads the theme colours (after a light/dark switch). */
  restyle(): void
}>

type LineChart = Chart<'line', ChartPoint[]>
type LineConfig = ChartConfiguration<'line', ChartPoint[]>

function baseConfig(yTitle: string, isPercent: boolean): LineConfig {
  setInterfaceFont(Chart)
  return {
    type: 'line',
    data: { datasets: [] },
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      elements: { point: { radius: 0, hitRadius: 6 }, line: { borderJoinStyle: 'round' } },
      plugins: {
        decimation: { enabled: true, algorithm: 'lttb' },
        legend: {
          position: 'top',
          align: 'end',
          labels: { boxWidth: 10, boxHeight: 10, useBorderRadius: true, borderRadius: 2 },
        },
        tooltip: {
          callbacks: {
            title: (items) => (items.length > 0 ? `epoch ${items[0].parsed.x?.toFixed(2)}` : ''),
            label: (item) => {
              const y = item.parsed.y ?? Number.NaN
              return `${item.dataset.label}: ${isPercent ? `${(y * 100).toFixed(1)}%` : formatLoss(y)}`
            },
          },
        },
      },
      scales: {
        x: { type: 'linear', min: 0, title: { display: true, text: 'epoch' }, ticks: { precision: 0 } },
        y: {
          type: 'linear',
          title: { display: true, text: yTitle },
          beginAtZero: true,
          ...(isPercent
            ? { min: 0, max: 1, ticks: { callback: (value) => `${Math.round(Number(value) * 100)}%` } }
            : {}),
        },
      },
    },
  }
}

export function createTrainingCharts(): TrainingCharts {
  let series: ChartSeries = emptyChartSeries(null, null)
  let lossChart: LineChart | null = null
  let accuracyChart: LineChart | null = null
  let lossCanvas: HTMLCanvasElement | null = null

  const redraw = createFrameThrottle(() => {
    lossChart?.update('none')
    accuracyChart?.update('none')
    lossCanvas?.setAttribute('data-points', String(series.loss.length))
  })

  function bindData(): void {
    if (lossChart !== null) {
      lossChart.data.datasets[0].data = series.loss
      lossChart.data.datasets[1].data = series.validationLoss
      lossChart.options.scales!.x!.max = series.plannedEpochs ?? undefined
    }
    if (accuracyChart !== null) {
      accuracyChart.data.datasets[0].data = series.trainAccuracy
      accuracyChart.data.datasets[1].data = series.validationAccuracy
      accuracyChart.options.scales!.x!.max = series.plannedEpochs ?? undefined
    }
    redraw.schedule()
  }

  const LOSS_COLOURS = ['--chart-batch', '--chart-validation']
  const ACCURACY_COLOURS = ['--chart-train', '--chart-validation']

  return {
    attachLoss(canvas) {
      const config = baseConfig('loss', false)
      config.data.datasets = [
        { label: 'batch loss', data: [], borderWidth: 1.25 },
        { label: 'validation loss', data: [], borderWidth: 2, pointRadius: 3 },
      ]
      lossChart = new Chart(canvas, config)
      lossCanvas = canvas
      applyChartTheme(lossChart, LOSS_COLOURS)
      bindData()
      return () => {
        lossChart?.destroy()
        lossChart = null
        lossCanvas = null
      }
    },
    attachAccuracy(canvas) {
      const config = baseConfig('accuracy', true)
      config.data.datasets = [
        { label: 'train', data: [], borderWidth: 2, pointRadius: 3 },
        { label: 'validation', data: [], borderWidth: 2, pointRadius: 3 },
      ]
      accuracyChart = new Chart(canvas, config)
      applyChartTheme(accuracyChart, ACCURACY_COLOURS)
      bindData()
      return () => {
        accuracyChart?.destroy()
        accuracyChart = null
      }
    },
    startRun(runId, plannedEpochs) {
      series = emptyChartSeries(runId, plannedEpochs)
      bindData()
    },
    accept(event) {
      const next = chartPointsFor(series, event)
      if (next === null) {
        return
      }
      if (next !== series) {
        series = next
        bindData()
        return
      }
      redraw.schedule()
    },
    restyle() {
      if (lossChart !== null) {
        applyChartTheme(lossChart, LOSS_COLOURS)
      }
      if (accuracyChart !== null) {
        applyChartTheme(accuracyChart, ACCURACY_COLOURS)
      }
      redraw.schedule()
    },
  }
}

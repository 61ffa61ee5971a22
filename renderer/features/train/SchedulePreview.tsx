// The learning rate over the planned epochs, drawn before a run starts. The chart is created once and its points
// replaced when the settings change (schedulePreview.ts computes them); the canvas carries the point count in
// data-points for the end-to-end tests.

import { Chart, Filler, LineController, LineElement, LinearScale, PointElement, Tooltip } from 'chart.js'
import type { ChartConfiguration } from 'chart.js'
import { useEffect, useRef } from 'react'
import { formatLearningRate } from '../../shared/format'
import { useColorScheme } from '../../shared/useColorScheme'
import { applyChartTheme, setInterfaceFont, themeColour } from './chartTheme'
import { schedulePreviewPoints } from './schedulePreview'
import type { PreviewPoint, SchedulePlan } from './schedulePreview'

Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip, Filler)

type PreviewChart = Chart<'line', PreviewPoint[]>

function previewConfig(): ChartConfiguration<'line', PreviewPoint[]> {
  setInterfaceFont(Chart)
  return {
    type: 'line',
    data: {
      datasets: [{ label: 'learning rate', data: [], borderWidth: 2, fill: 'origin', pointRadius: 0 }],
    },
    options: {
      animation: false,
      parsing: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items) => (items.length > 0 ? `epoch ${items[0].parsed.x?.toFixed(2)}` : ''),
            label: (item) => `learning rate ${formatLearningRate(item.parsed.y ?? Number.NaN)}`,
          },
        },
      },
      scales: {
        x: { type: 'linear', min: 0, title: { display: true, text: 'epoch' }, ticks: { precision: 0 } },
        y: {
          type: 'linear',
          beginAtZero: true,
          title: { display: true, text: 'learning rate' },
          ticks: { maxTicksLimit: 4, callback: (value) => formatLearningRate(Number(value)) },
        },
      },
    },
  }
}

const COLOURS = ['--chart-train']

export function SchedulePreview({ plan }: Readonly<{ plan: SchedulePlan | null }>) {
  const canvasRef = useRef<HTMLCanvasElement>(null)
  const chartRef = useRef<PreviewChart | null>(null)
  const scheme = useColorScheme()

  useEffect(() => {
    const canvas = canvasRef.current
    if (canvas === null) {
      return
    }
    const chart: PreviewChart = new Chart(canvas, previewConfig())
    chartRef.current = chart
    return () => {
      chart.destroy()
      chartRef.current = null
    }
  }, [])

  useEffect(() => {
    const chart = chartRef.current
    const canvas = canvasRef.current
    if (chart === null || canvas === null) {
      return
    }
    const points = plan === null ? [] : schedulePreviewPoints(plan)
    chart.data.datasets[0].data = points
    chart.options.scales!.x!.max = plan?.epochs
    applyChartTheme(chart, COLOURS)
    chart.data.datasets[0].backgroundColor = themeColour('--chart-fill')
    chart.update('none')
    canvas.setAttribute('data-points', String(points.length))
  }, [plan, scheme])

  return (
    <div className="schedule-preview">
      <canvas
        ref={canvasRef}
        data-testid="schedule-preview"
        data-points="0"
        role="img"
        aria-label="Learning rate over the planned epochs"
      />
    </div>
  )
}

// Theme colours for the Train screen's chart.js charts, read from the CSS variables so every chart follows the
// light/dark switch together. Only colours and fonts; each chart builds its own configuration.

import type { Chart } from 'chart.js'

type AxisStyle = {
  grid: { color: string }
  border: { color: string }
  ticks: { color: string }
  title: { color: string }
}

export function themeColour(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim()
}

/** Every chart in the app uses the interface font; chart.js defaults to Helvetica. */
export function setInterfaceFont(chartClass: typeof Chart): void {
  chartClass.defaults.font.family = themeColour('--font-sans')
}

/** Dataset i takes the colour of CSS variable colours[i]; axes and legend take the muted text and grid colours. */
export function applyChartTheme(chart: Chart<'line', unknown[]>, colours: readonly string[]): void {
  const text = themeColour('--text-muted')
  const grid = themeColour('--chart-grid')
  chart.data.datasets.forEach((dataset, index) => {
    dataset.borderColor = themeColour(colours[index])
    dataset.backgroundColor = themeColour(colours[index])
  })
  // Assign leaf by leaf: chart.options is a resolver proxy, and copying its branches ({ ...grid }) breaks it.
  const { x, y } = chart.options.scales as { x: AxisStyle; y: AxisStyle }
  for (const axis of [x, y]) {
    axis.grid.color = grid
    axis.border.color = grid
    axis.ticks.color = text
    axis.title.color = text
  }
  const legend = chart.options.plugins?.legend?.labels
  if (legend !== undefined) {
    legend.color = text
  }
}

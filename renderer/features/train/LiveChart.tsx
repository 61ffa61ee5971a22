// Hosts one live chart's canvas; the chart itself is created and fed by liveCharts.ts.

import { useEffect, useRef } from 'react'
import type { TrainingCharts } from './liveCharts'

type Props = Readonly<{ charts: TrainingCharts; kind: 'loss' | 'accuracy'; title: string }>

export function LiveChart({ charts, kind, title }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    const canvas = canvasRef.current
    if (canvas === null) {
      return
    }
    return kind === 'loss' ? charts.attachLoss(canvas) : charts.attachAccuracy(canvas)
  }, [charts, kind])
  return (
    <section className="card chart-card">
      <h2 className="card-title">{title}</h2>
      <div className="chart-box">
        <canvas ref={canvasRef} data-testid={`${kind}-chart`} role="img" aria-label={title} />
      </div>
    </section>
  )
}

// One class of the dataset: its name, how many images it has (with a bar against the largest class, so
// imbalance is visible at a glance) and a few example thumbnails drawn on a canvas.

import { useEffect, useRef } from 'react'
import type { TensorShape } from '../../../app/model/networkSpec'
import type { ClassExamples } from '../../../app/protocol/studioApi'
import { formatCount } from '../../shared/format'
import { drawThumbnails } from './drawThumbnails'

type Props = Readonly<{ examples: ClassExamples; imageShape: TensorShape; largestCount: number }>

export function ClassCard({ examples, imageShape, largestCount }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null)

  useEffect(() => {
    if (canvasRef.current !== null) {
      drawThumbnails(canvasRef.current, examples.images, imageShape)
    }
  }, [examples, imageShape])

  const share = largestCount > 0 ? examples.count / largestCount : 0
  return (
    <article className="card class-card" data-testid="class-card" data-class-name={examples.className}>
      <header className="class-card-header">
        <h3 className="class-name" title={examples.className}>
          {examples.className}
        </h3>
        <span className="class-count" data-testid="class-count">
          {formatCount(examples.count)}
        </span>
      </header>
      <div className="meter" aria-hidden="true" title="Images in this class, against the largest class">
        <div className="meter-fill" style={{ width: `${Math.round(share * 100)}%` }} />
      </div>
      {examples.images.length > 0 ? (
        <canvas
          ref={canvasRef}
          className="thumbnails"
          data-testid="class-thumbnails"
          aria-label={`${examples.images.length} example images of ${examples.className}`}
        />
      ) : (
        <p className="muted small">No examples to show.</p>
      )}
    </article>
  )
}

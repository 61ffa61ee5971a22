// One class of the dataset: its name, how many images it has, a stacked bar of its train / validation / test
// images (as long as the class is against the largest one), an inline imbalance warning, a few example
// thumbnails drawn on a canvas, and a button that shows all its images in the grid.

import { useEffect, useRef } from 'react'
import type { TensorShape } from '../../../app/model/networkSpec'
import { formatCount } from '../../shared/format'
import type { ClassBalance } from './classBalance'
import { drawThumbnails } from './drawThumbnails'
import { SplitBar } from './SplitBar'

type Props = Readonly<{
  balance: ClassBalance
  images: readonly Uint8Array[]
  imageShape: TensorShape
  onBrowse(label: number): void
}>

export function ClassCard({ balance, images, imageShape, onBrowse }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null)

  useEffect(() => {
    if (canvasRef.current !== null) {
      drawThumbnails(canvasRef.current, images, imageShape)
    }
  }, [images, imageShape])

  return (
    <article className="card class-card" data-testid="class-card" data-class-name={balance.name}>
      <header className="class-card-header">
        <h3 className="class-name" title={balance.name}>
          {balance.name}
        </h3>
        <span className="class-count" data-testid="class-count">
          {formatCount(balance.total)}
        </span>
      </header>
      <SplitBar balance={balance} />
      {balance.warning !== null && (
        <p className="class-warning small" data-testid="class-warning">
          {balance.warning}
        </p>
      )}
      {images.length > 0 ? (
        <canvas ref={canvasRef} className="thumbnails" data-testid="class-thumbnails"
          aria-label={`${images.length} example images of ${balance.name}`} />
      ) : (
        <p className="muted small">No examples to show.</p>
      )}
      <button type="button" className="button-quiet class-browse" data-testid="class-browse"
        onClick={() => onBrowse(balance.label)} disabled={balance.total === 0}>
        Browse all {formatCount(balance.total)} ›
      </button>
    </article>
  )
}

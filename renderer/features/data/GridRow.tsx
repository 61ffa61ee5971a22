// One visible row of the virtualised image grid: a canvas positioned at its row, redrawn when its images
// arrive, the selection moves or the theme changes. Clicks are turned into an image position by the grid.

import { useEffect, useRef } from 'react'
import type { MouseEvent } from 'react'
import type { TensorShape } from '../../../app/model/networkSpec'
import { drawGridRow, rowWidth } from './drawGridRow'
import type { GridCell, GridPalette } from './drawGridRow'
import type { GridLayout } from './virtualGrid'

type Props = Readonly<{
  row: number
  layout: GridLayout
  cells: readonly GridCell[]
  shape: TensorShape
  targetCell: number
  selectedColumn: number | null
  palette: GridPalette
  /** Changes whenever a page arrives, so the row redraws with its images. */
  version: number
  onClickAt(row: number, x: number, y: number): void
}>

export function GridRow(props: Props) {
  const { row, layout, cells, shape, targetCell, selectedColumn, palette, version, onClickAt } = props
  const canvasRef = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    if (canvasRef.current !== null) {
      drawGridRow(canvasRef.current, layout, cells, shape, targetCell, selectedColumn, palette)
    }
    // `cells` is rebuilt on every render; `version` says when its content changed.
  }, [layout, shape, targetCell, selectedColumn, palette, version])

  function onClick(event: MouseEvent<HTMLCanvasElement>): void {
    const bounds = event.currentTarget.getBoundingClientRect()
    const scale = bounds.width > 0 ? event.currentTarget.width / bounds.width : 1
    // A click on the canvas is inside it; fractional layout can put clientY a hair above its top edge.
    const x = (event.clientX - bounds.left) * scale
    const y = (event.clientY - bounds.top) * scale
    onClickAt(row, Math.max(0, x), Math.max(0, y))
  }

  return (
    <canvas
      ref={canvasRef}
      className="grid-row"
      data-testid="grid-row"
      data-row={row}
      data-loaded={cells.every((cell) => cell !== null)}
      style={{ top: row * layout.rowHeight, width: rowWidth(layout) }}
      onClick={onClick}
    />
  )
}

// Draws one row of the image grid on its canvas: the images with crisp pixels (paintThumbnails), a stripe in
// its split's colour under each, an outline round the selected one, and grey boxes while a page is loading.
// Plain canvas calls; the layout arithmetic is virtualGrid.ts and is tested there.

import type { TensorShape } from '../../../app/model/networkSpec'
import { paintThumbnails } from './drawThumbnails'
import { columnLeft, SPLIT_STRIPE } from './virtualGrid'
import type { GridLayout } from './virtualGrid'

export type GridPalette = Readonly<{
  splits: readonly [string, string, string]
  selection: string
  placeholder: string
}>

/** One cell's image (H×W×C uint8) and split code; null while its page is not here yet. */
export type GridCell = Readonly<{ pixels: Uint8Array; split: number }> | null

export function rowWidth(layout: GridLayout): number {
  return layout.columns * layout.cellWidth + (layout.columns - 1) * layout.gap
}

export function drawGridRow(
  canvas: HTMLCanvasElement,
  layout: GridLayout,
  cells: readonly GridCell[],
  shape: TensorShape,
  targetCell: number,
  selectedColumn: number | null,
  palette: GridPalette,
): void {
  const width = rowWidth(layout)
  const height = layout.cellHeight + SPLIT_STRIPE
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width
    canvas.height = height
  }
  const context = canvas.getContext('2d')
  if (context === null) {
    return
  }
  context.clearRect(0, 0, width, height)
  cells.forEach((cell, column) => {
    const left = columnLeft(layout, column)
    if (cell === null) {
      context.fillStyle = palette.placeholder
      context.fillRect(left, 0, layout.cellWidth, layout.cellHeight)
      return
    }
    const painted = paintThumbnails([cell.pixels], shape, { cellSize: targetCell, columns: 1, gap: 0 })
    context.putImageData(new ImageData(painted.pixels, painted.width, painted.height), left, 0)
    context.fillStyle = palette.splits[cell.split] ?? palette.placeholder
    context.fillRect(left, layout.cellHeight, layout.cellWidth, SPLIT_STRIPE)
  })
  if (selectedColumn !== null && selectedColumn < cells.length) {
    context.strokeStyle = palette.selection
    context.lineWidth = 3
    context.strokeRect(columnLeft(layout, selectedColumn) + 1.5, 1.5, layout.cellWidth - 3, height - 3)
  }
}

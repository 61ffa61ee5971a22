// The arithmetic of the virtualised image grid: how many columns fit, which rows a scroll position shows,
// which pages of images those rows need, and which image a click hit. Pure numbers so it is tested without a
// DOM; ImageGrid renders only the rows this says are visible, so 100,000 images cost a dozen canvases.

export type GridLayout = Readonly<{
  itemCount: number
  columns: number
  /** One image's drawn size in CSS pixels (the picture; the split stripe goes below it). */
  cellWidth: number
  cellHeight: number
  gap: number
  /** Picture + stripe + gap: the distance from one row's top to the next. */
  rowHeight: number
  rowCount: number
  totalHeight: number
}>

export const SPLIT_STRIPE = 4

/** Lays out `itemCount` cells of cellWidth × cellHeight in as many columns as `viewportWidth` holds. */
export function gridLayout(
  itemCount: number,
  viewportWidth: number,
  cellWidth: number,
  cellHeight: number,
  gap: number,
): GridLayout {
  const columns = Math.max(1, Math.floor((viewportWidth + gap) / (cellWidth + gap)))
  const rowHeight = cellHeight + SPLIT_STRIPE + gap
  const rowCount = Math.ceil(itemCount / columns)
  return {
    itemCount, columns, cellWidth, cellHeight, gap, rowHeight, rowCount,
    totalHeight: rowCount === 0 ? 0 : rowCount * rowHeight - gap,
  }
}

/** Rows [first, end) that intersect the viewport, widened by `overscan` rows each way and clamped. */
export function visibleRows(
  layout: GridLayout,
  scrollTop: number,
  viewportHeight: number,
  overscan = 2,
): Readonly<{ first: number; end: number }> {
  if (layout.rowCount === 0) {
    return { first: 0, end: 0 }
  }
  const top = Math.max(0, scrollTop)
  const first = Math.max(0, Math.floor(top / layout.rowHeight) - overscan)
  const bottom = top + Math.max(0, viewportHeight)
  const end = Math.min(layout.rowCount, Math.ceil(bottom / layout.rowHeight) + overscan)
  return { first: Math.min(first, end), end }
}

/** Positions [start, end) of the items in row `row`. */
export function rowItems(layout: GridLayout, row: number): Readonly<{ start: number; end: number }> {
  const start = row * layout.columns
  return { start, end: Math.min(layout.itemCount, start + layout.columns) }
}

/** The pages (of `pageSize` items, page p = items [p·pageSize, (p+1)·pageSize)) that rows [first, end) need. */
export function pagesForRows(
  layout: GridLayout,
  rows: Readonly<{ first: number; end: number }>,
  pageSize: number,
): number[] {
  if (rows.end <= rows.first) {
    return []
  }
  const firstItem = rowItems(layout, rows.first).start
  const lastItem = rowItems(layout, rows.end - 1).end - 1
  if (lastItem < firstItem) {
    return []
  }
  const pages: number[] = []
  for (let page = Math.floor(firstItem / pageSize); page <= Math.floor(lastItem / pageSize); page++) {
    pages.push(page)
  }
  return pages
}

/** The x of column `column`'s left edge inside a row. */
export function columnLeft(layout: GridLayout, column: number): number {
  return column * (layout.cellWidth + layout.gap)
}

/** The item under a point of row `row` (x from the row's left edge), or null for a gap or an empty cell. */
export function itemAtPoint(layout: GridLayout, row: number, x: number, y: number): number | null {
  const column = Math.floor(x / (layout.cellWidth + layout.gap))
  if (x < 0 || column >= layout.columns || x - columnLeft(layout, column) >= layout.cellWidth) {
    return null
  }
  if (y < 0 || y >= layout.cellHeight + SPLIT_STRIPE) {
    return null
  }
  const item = row * layout.columns + column
  return item < layout.itemCount ? item : null
}

/** The selection after an arrow / Home / End / Page key, or null when the key does not move it. */
export function moveSelection(layout: GridLayout, current: number, key: string, rowsPerPage: number): number | null {
  const last = layout.itemCount - 1
  if (last < 0) {
    return null
  }
  const steps: Record<string, number> = {
    ArrowLeft: -1,
    ArrowRight: 1,
    ArrowUp: -layout.columns,
    ArrowDown: layout.columns,
    PageUp: -layout.columns * Math.max(1, rowsPerPage),
    PageDown: layout.columns * Math.max(1, rowsPerPage),
  }
  if (key === 'Home') {
    return 0
  }
  if (key === 'End') {
    return last
  }
  const step = steps[key]
  if (step === undefined) {
    return null
  }
  return Math.min(last, Math.max(0, current + step))
}

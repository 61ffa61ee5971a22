import { describe, expect, test } from 'vitest'
import {
  columnLeft,
  gridLayout,
  itemAtPoint,
  moveSelection,
  pagesForRows,
  rowItems,
  SPLIT_STRIPE,
  visibleRows,
} from '../../../../renderer/features/data/virtualGrid'

describe('gridLayout', () => {
  test('fits as many columns as the width holds, gaps between them only', () => {
    // 5 cells of 56 with 4 gaps of 6 need exactly 304 pixels.
    expect(gridLayout(100, 304, 56, 56, 6).columns).toBe(5)
    expect(gridLayout(100, 303, 56, 56, 6).columns).toBe(4)
    expect(gridLayout(100, 10, 56, 56, 6).columns).toBe(1)
  })

  test('rows, row height and total height for 100,000 images', () => {
    const layout = gridLayout(100_000, 1000, 56, 56, 6)
    expect(layout.columns).toBe(16)
    expect(layout.rowCount).toBe(6250)
    expect(layout.rowHeight).toBe(56 + SPLIT_STRIPE + 6)
    expect(layout.totalHeight).toBe(6250 * layout.rowHeight - 6)
    expect(gridLayout(0, 1000, 56, 56, 6).totalHeight).toBe(0)
  })
})

describe('visibleRows', () => {
  /** Reference: test every row for overlap with the widened viewport. */
  function bruteForce(rowCount: number, rowHeight: number, scrollTop: number, height: number, overscan: number) {
    const rows: number[] = []
    for (let row = 0; row < rowCount; row++) {
      const top = row * rowHeight
      if (top < scrollTop + height + overscan * rowHeight && top + rowHeight > scrollTop - overscan * rowHeight) {
        rows.push(row)
      }
    }
    return rows
  }

  test('matches a row-by-row overlap test at many scroll positions', () => {
    const layout = gridLayout(1234, 700, 40, 30, 4)
    for (const scrollTop of [0, 1, 33, 37, 500, 1234.5, 13_000, layout.totalHeight - 400, layout.totalHeight]) {
      for (const overscan of [0, 2]) {
        const { first, end } = visibleRows(layout, scrollTop, 400, overscan)
        const expected = bruteForce(layout.rowCount, layout.rowHeight, scrollTop, 400, overscan)
        expect(Array.from({ length: end - first }, (_, i) => first + i), `scrollTop ${scrollTop}`).toEqual(expected)
      }
    }
  })

  test('renders a few dozen rows at most, however many images there are', () => {
    const layout = gridLayout(100_000, 1000, 56, 56, 6)
    const rows = visibleRows(layout, layout.totalHeight / 2, 440)
    expect(rows.end - rows.first).toBeLessThanOrEqual(Math.ceil(440 / layout.rowHeight) + 5)
    expect(visibleRows(gridLayout(0, 1000, 56, 56, 6), 0, 440)).toEqual({ first: 0, end: 0 })
  })
})

describe('pagesForRows', () => {
  test('lists every page that holds an item of the rows, and only those', () => {
    const layout = gridLayout(1000, 1000, 56, 56, 6) // 16 columns
    for (const [first, end] of [[0, 1], [15, 17], [0, 63], [62, 63], [10, 40]]) {
      const pages = pagesForRows(layout, { first, end }, 100)
      const expected = new Set<number>()
      for (let row = first; row < end; row++) {
        const items = rowItems(layout, row)
        for (let item = items.start; item < items.end; item++) {
          expected.add(Math.floor(item / 100))
        }
      }
      expect(pages).toEqual([...expected].sort((a, b) => a - b))
    }
    expect(pagesForRows(layout, { first: 3, end: 3 }, 100)).toEqual([])
  })
})

describe('itemAtPoint', () => {
  const layout = gridLayout(21, 304, 56, 40, 6) // 5 columns, last row holds one item

  test('finds the item under a point and nothing in a gap or past the end', () => {
    expect(itemAtPoint(layout, 0, 0, 0)).toBe(0)
    expect(itemAtPoint(layout, 1, columnLeft(layout, 3) + 55, 40 + SPLIT_STRIPE - 1)).toBe(8)
    expect(itemAtPoint(layout, 0, columnLeft(layout, 1) - 1, 10)).toBeNull() // the gap left of column 1
    expect(itemAtPoint(layout, 0, 10, 40 + SPLIT_STRIPE)).toBeNull() // below the stripe
    expect(itemAtPoint(layout, 4, columnLeft(layout, 0) + 1, 1)).toBe(20)
    expect(itemAtPoint(layout, 4, columnLeft(layout, 1) + 1, 1)).toBeNull() // an empty cell of the last row
  })
})

describe('moveSelection', () => {
  const layout = gridLayout(23, 304, 56, 40, 6) // 5 columns

  test('arrows move by one or by a row and stop at the ends; Home, End and Page keys jump', () => {
    expect(moveSelection(layout, 7, 'ArrowRight', 3)).toBe(8)
    expect(moveSelection(layout, 7, 'ArrowDown', 3)).toBe(12)
    expect(moveSelection(layout, 2, 'ArrowUp', 3)).toBe(0)
    expect(moveSelection(layout, 21, 'ArrowDown', 3)).toBe(22)
    expect(moveSelection(layout, 7, 'PageDown', 3)).toBe(22)
    expect(moveSelection(layout, 7, 'PageUp', 1)).toBe(2)
    expect(moveSelection(layout, 7, 'Home', 3)).toBe(0)
    expect(moveSelection(layout, 7, 'End', 3)).toBe(22)
    expect(moveSelection(layout, -1, 'ArrowRight', 3)).toBe(0)
    expect(moveSelection(layout, 7, 'Enter', 3)).toBeNull()
    expect(moveSelection(gridLayout(0, 304, 56, 40, 6), 0, 'ArrowRight', 3)).toBeNull()
  })
})

// Every image of the dataset (or of one class) in a virtualised grid: only the rows in view exist, each a
// canvas, and the pages they need are fetched with 'datasets:images' into a bounded cache as you scroll.
// Click an image, or move with the arrow keys, to see it in the preview. The stripe under each is its split.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { KeyboardEvent } from 'react'
import type { DatasetSummary } from '../../../app/protocol/studioApi'
import { useStudio } from '../../shell/StudioContext'
import { createFrameThrottle } from '../../shared/frameThrottle'
import { useColorScheme } from '../../shared/useColorScheme'
import type { GridCell, GridPalette } from './drawGridRow'
import { thumbnailScale } from './drawThumbnails'
import { GridRow } from './GridRow'
import { ImagePageCache } from './imagePageCache'
import { gridLayout, itemAtPoint, moveSelection, pagesForRows, rowItems, visibleRows } from './virtualGrid'

/** The chosen image: its place in the grid, in the dataset, its class and split, and a copy of its pixels. */
export type SelectedImage = Readonly<{
  position: number
  index: number
  label: number
  split: number
  pixels: Uint8Array
}>

type Props = Readonly<{
  /** A new summary (even of the same dataset id, after a re-import) starts a new cache: the images changed. */
  dataset: DatasetSummary
  label: number | null
  itemCount: number
  onSelect(image: SelectedImage): void
}>

const TARGET_CELL = 56
const GAP = 6

function readPalette(element: Element): GridPalette {
  const style = getComputedStyle(element)
  const read = (name: string) => style.getPropertyValue(name).trim()
  return {
    splits: [read('--split-train'), read('--split-validation'), read('--split-test')],
    selection: read('--accent'),
    placeholder: read('--surface-2'),
  }
}

export function ImageGrid({ dataset, label, itemCount, onSelect }: Props) {
  const shape = dataset.imageShape
  const { client, reportError } = useStudio()
  const scrollRef = useRef<HTMLDivElement>(null)
  const [viewport, setViewport] = useState({ width: 0, height: 0, scrollTop: 0 })
  const [version, setVersion] = useState(0)
  const [cursor, setCursor] = useState<number | null>(null)
  const scheme = useColorScheme()
  const [palette, setPalette] = useState<GridPalette | null>(null)

  const cache = useMemo(
    () =>
      new ImagePageCache(
        (offset, limit) => client.invoke('datasets:images', { datasetId: dataset.id, label, offset, limit }),
        (error) => reportError(error, 'Loading images for the grid'),
      ),
    [client, reportError, dataset, label],
  )
  useEffect(() => {
    const unsubscribe = cache.subscribe(() => setVersion((value) => value + 1))
    return () => {
      unsubscribe()
      cache.close()
    }
  }, [cache])
  useEffect(() => {
    setCursor(null)
    scrollRef.current?.scrollTo({ top: 0 })
  }, [cache])

  const measure = useCallback(() => {
    const element = scrollRef.current
    if (element !== null) {
      setViewport({ width: element.clientWidth, height: element.clientHeight, scrollTop: element.scrollTop })
    }
  }, [])
  const throttle = useMemo(() => createFrameThrottle(measure), [measure])
  useEffect(() => {
    const element = scrollRef.current
    if (element === null) {
      return
    }
    measure()
    setPalette(readPalette(element))
    const observer = new ResizeObserver(() => throttle.schedule())
    observer.observe(element)
    return () => {
      observer.disconnect()
      throttle.cancel()
    }
  }, [measure, throttle, scheme])

  const scale = thumbnailScale(shape, TARGET_CELL)
  const cellWidth = Math.max(1, Math.round(shape.width * scale))
  const cellHeight = Math.max(1, Math.round(shape.height * scale))
  const layout = useMemo(
    () => gridLayout(itemCount, Math.max(0, viewport.width - 2 * GAP), cellWidth, cellHeight, GAP),
    [itemCount, viewport.width, cellWidth, cellHeight],
  )
  const rows = visibleRows(layout, viewport.scrollTop, viewport.height)
  const { pageSize } = cache.options
  // A string key: the list is rebuilt on every render, but only a change of its content should refetch.
  const pageKey = pagesForRows(layout, rows, pageSize).join(',')
  useEffect(() => {
    cache.want(pageKey === '' ? [] : pageKey.split(',').map(Number))
  }, [cache, pageKey])

  const imageAt = useCallback(
    (position: number): SelectedImage | null => {
      const page = cache.get(Math.floor(position / pageSize))
      if (page === undefined) {
        return null
      }
      const at = position - page.offset
      const size = shape.height * shape.width * shape.channels
      return {
        position,
        index: page.indices[at],
        label: page.labels[at],
        split: page.splits[at],
        pixels: page.pixels.slice(at * size, (at + 1) * size),
      }
    },
    [cache, pageSize, shape],
  )

  // A keyboard move may land on a page still loading: select it once it arrives.
  const emitted = useRef<{ cache: ImagePageCache; position: number } | null>(null)
  useEffect(() => {
    const last = emitted.current
    if (cursor === null || (last?.cache === cache && last.position === cursor)) {
      return
    }
    const image = imageAt(cursor)
    if (image !== null) {
      emitted.current = { cache, position: cursor }
      onSelect(image)
    }
  }, [cursor, version, cache, imageAt, onSelect])

  function select(position: number): void {
    setCursor(position)
    const element = scrollRef.current
    const rowTop = Math.floor(position / layout.columns) * layout.rowHeight
    const isHidden = element !== null
      && (rowTop < element.scrollTop || rowTop + layout.rowHeight > element.scrollTop + element.clientHeight)
    if (element !== null && isHidden) {
      element.scrollTop = Math.max(0, rowTop - (element.clientHeight - layout.rowHeight) / 2)
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    const rowsPerPage = Math.floor(viewport.height / layout.rowHeight)
    const next = moveSelection(layout, cursor ?? -1, event.key, rowsPerPage)
    if (next !== null) {
      event.preventDefault()
      select(next)
    }
  }

  const onClickAt = useCallback(
    (row: number, x: number, y: number) => {
      const position = itemAtPoint(layout, row, x, y)
      if (position !== null) {
        setCursor(position)
      }
    },
    [layout],
  )

  const selectedPosition = cursor
  const rowElements = []
  if (palette !== null) {
    for (let row = rows.first; row < rows.end; row++) {
      const { start, end } = rowItems(layout, row)
      const cells: GridCell[] = []
      for (let position = start; position < end; position++) {
        const page = cache.get(Math.floor(position / pageSize))
        const at = page === undefined ? -1 : position - page.offset
        const size = shape.height * shape.width * shape.channels
        cells.push(
          page === undefined
            ? null
            : { pixels: page.pixels.subarray(at * size, (at + 1) * size), split: page.splits[at] },
        )
      }
      const isSelectedRow = selectedPosition !== null && selectedPosition >= start && selectedPosition < end
      rowElements.push(
        <GridRow key={row} row={row} layout={layout} cells={cells} shape={shape} targetCell={TARGET_CELL}
          selectedColumn={isSelectedRow ? selectedPosition - start : null} palette={palette} version={version}
          onClickAt={onClickAt} />,
      )
    }
  }

  return (
    <div ref={scrollRef} className="image-grid" data-testid="image-grid" tabIndex={0} role="group"
      aria-label={`${itemCount} images; arrow keys choose one for the preview`} data-item-count={itemCount}
      data-first-row={rows.first} onScroll={() => throttle.schedule()} onKeyDown={onKeyDown}>
      <div className="image-grid-space" style={{ height: layout.totalHeight }}>
        {rowElements}
      </div>
    </div>
  )
}

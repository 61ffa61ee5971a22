// Pages of cached images for the grid, fetched on demand and kept in a bounded least-recently-used cache, so
// scrolling through 100,000 images holds a few megabytes, not the dataset. Only the pages the grid wants now
// are fetched, at most `concurrency` at a time: pages scrolled past before their turn are never requested.
// No React here; the grid subscribes and redraws when a page arrives.

import type { DatasetImagePage } from '../../../app/protocol/studioApi'

export type PageFetcher = (offset: number, limit: number) => Promise<DatasetImagePage>

export type ImagePageCacheOptions = Readonly<{
  pageSize: number
  /** Evict least recently used pages once their pixels exceed this many bytes (the newest page always stays). */
  maxBytes: number
  concurrency: number
}>

export const DEFAULT_PAGE_CACHE: ImagePageCacheOptions = { pageSize: 256, maxBytes: 48 * 2 ** 20, concurrency: 2 }

export class ImagePageCache {
  private readonly pages = new Map<number, DatasetImagePage>()
  private readonly inFlight = new Set<number>()
  private wanted: number[] = []
  private bytes = 0
  private readonly listeners = new Set<() => void>()
  private isClosed = false

  constructor(
    private readonly fetchPage: PageFetcher,
    private readonly onError: (error: unknown) => void,
    readonly options: ImagePageCacheOptions = DEFAULT_PAGE_CACHE,
  ) {}

  /** The page if it is cached (and marks it recently used). */
  get(page: number): DatasetImagePage | undefined {
    const found = this.pages.get(page)
    if (found !== undefined) {
      this.pages.delete(page)
      this.pages.set(page, found)
    }
    return found
  }

  /** The pages needed now, most important first; replaces the previous wish list. */
  want(pages: readonly number[]): void {
    this.wanted = pages.filter((page) => !this.pages.has(page))
    this.pump()
  }

  /** Called after every page that arrives. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Stops fetching; answers still in flight are dropped. */
  close(): void {
    this.isClosed = true
    this.wanted = []
    this.listeners.clear()
  }

  get cachedBytes(): number {
    return this.bytes
  }

  get cachedPages(): readonly number[] {
    return [...this.pages.keys()]
  }

  private pump(): void {
    while (!this.isClosed && this.inFlight.size < this.options.concurrency && this.wanted.length > 0) {
      const page = this.wanted.shift()!
      if (this.pages.has(page) || this.inFlight.has(page)) {
        continue
      }
      this.inFlight.add(page)
      const { pageSize } = this.options
      this.fetchPage(page * pageSize, pageSize).then(
        (result) => {
          this.inFlight.delete(page)
          if (!this.isClosed) {
            this.store(page, result)
            this.listeners.forEach((listener) => listener())
            this.pump()
          }
        },
        (error: unknown) => {
          this.inFlight.delete(page)
          if (!this.isClosed) {
            // One failing page is reported once; the grid asks again when it scrolls back to it.
            this.onError(error)
            this.pump()
          }
        },
      )
    }
  }

  private store(page: number, result: DatasetImagePage): void {
    this.pages.set(page, result)
    this.bytes += result.pixels.byteLength
    for (const [oldest, old] of this.pages) {
      if (this.bytes <= this.options.maxBytes || oldest === page) {
        break
      }
      this.pages.delete(oldest)
      this.bytes -= old.pixels.byteLength
    }
  }
}

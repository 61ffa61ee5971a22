import { describe, expect, test } from 'vitest'
import type { DatasetImagePage } from '../../../../app/protocol/studioApi'
import { ImagePageCache } from '../../../../renderer/features/data/imagePageCache'
import { imagePage } from '../../fixtures'

/** A fetcher whose answers the test releases by hand. */
function controlledFetcher(total: number) {
  const calls: { offset: number; limit: number; resolve(): void; reject(error: Error): void }[] = []
  const fetch = (offset: number, limit: number) =>
    new Promise<DatasetImagePage>((resolve, reject) => {
      calls.push({
        offset,
        limit,
        resolve: () => resolve(imagePage(offset, Math.max(0, Math.min(limit, total - offset)), total)),
        reject,
      })
    })
  return { calls, fetch }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))
const PAGE_BYTES = 10 * 16 // 10 images of 4×4×1

describe('ImagePageCache', () => {
  test('fetches only wanted pages, at most `concurrency` at once, and never the same page twice', async () => {
    const { calls, fetch } = controlledFetcher(1000)
    const cache = new ImagePageCache(fetch, () => {}, { pageSize: 10, maxBytes: 1e6, concurrency: 2 })
    cache.want([0, 1, 2])
    cache.want([0, 1, 2])
    expect(calls.map((call) => call.offset)).toEqual([0, 10])
    calls[0].resolve()
    await settle()
    expect(calls.map((call) => call.offset)).toEqual([0, 10, 20])
    expect(cache.get(0)?.offset).toBe(0)
    expect(cache.get(1)).toBeUndefined()
  })

  test('pages scrolled past before their turn are never requested', async () => {
    const { calls, fetch } = controlledFetcher(100_000)
    const cache = new ImagePageCache(fetch, () => {}, { pageSize: 10, maxBytes: 1e6, concurrency: 1 })
    cache.want([0, 1])
    cache.want([500, 501]) // the user jumped far down before page 0 arrived
    calls[0].resolve()
    await settle()
    expect(calls.map((call) => call.offset)).toEqual([0, 5000])
  })

  test('evicts the least recently used pages once the bytes exceed the bound', async () => {
    const { calls, fetch } = controlledFetcher(1000)
    let changes = 0
    const cache = new ImagePageCache(fetch, () => {}, { pageSize: 10, maxBytes: 3 * PAGE_BYTES, concurrency: 8 })
    cache.subscribe(() => changes++)
    cache.want([0, 1, 2])
    calls.forEach((call) => call.resolve())
    await settle()
    expect(cache.get(0)).toBeDefined() // page 0 is now the most recently used
    cache.want([3])
    calls[3].resolve()
    await settle()
    expect(cache.cachedPages).toEqual([2, 0, 3])
    expect(cache.cachedBytes).toBe(3 * PAGE_BYTES)
    expect(changes).toBe(4)
  })

  test('a scroll through 100,000 images keeps memory bounded', async () => {
    const { calls, fetch } = controlledFetcher(100_000)
    const cache = new ImagePageCache(fetch, () => {}, { pageSize: 256, maxBytes: 8 * 256 * 16, concurrency: 2 })
    for (let page = 0; page < 100_000 / 256; page++) {
      cache.want([page])
      calls[calls.length - 1].resolve()
      await settle()
    }
    expect(cache.cachedPages.length).toBe(8)
    expect(cache.cachedBytes).toBeLessThanOrEqual(8 * 256 * 16)
  })

  test('reports a failed page and goes on with the next; after close nothing is stored', async () => {
    const { calls, fetch } = controlledFetcher(1000)
    const errors: unknown[] = []
    const cache = new ImagePageCache(fetch, (error) => errors.push(error), { pageSize: 10, maxBytes: 1e6, concurrency: 1 })
    cache.want([4, 5])
    calls[0].reject(new Error('gone'))
    await settle()
    expect(errors).toEqual([new Error('gone')])
    expect(calls.map((call) => call.offset)).toEqual([40, 50])
    cache.close()
    calls[1].resolve()
    await settle()
    expect(cache.get(5)).toBeUndefined()
  })
})

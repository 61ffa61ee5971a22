import { afterEach, describe, expect, test, vi } from 'vitest'
import { createShutdown } from '../../../main/electron/shutdown'

afterEach(() => {
  vi.useRealTimers()
})

describe('createShutdown', () => {
  test('runs every step once, in order, even when one fails', async () => {
    const order: string[] = []
    const logged: string[] = []
    const shutdown = createShutdown(
      [
        { name: 'studio service', run: async () => void order.push('service') },
        {
          name: 'broken step',
          run: () => {
            order.push('broken')
            throw new Error('boom')
          },
        },
        { name: 'trainer host', run: () => void order.push('host') },
      ],
      { timeoutMs: 1000, log: (message) => logged.push(message) },
    )
    const first = shutdown()
    expect(shutdown()).toBe(first)
    await first
    await shutdown()
    expect(order).toEqual(['service', 'broken', 'host'])
    expect(logged).toEqual(['shutdown: broken step failed: boom'])
  })

  test('a step that never finishes does not keep the app from quitting', async () => {
    vi.useFakeTimers()
    const logged: string[] = []
    const shutdown = createShutdown([{ name: 'hung', run: () => new Promise<void>(() => {}) }], {
      timeoutMs: 5000,
      log: (message) => logged.push(message),
    })
    let isDone = false
    void shutdown().then(() => (isDone = true))
    await vi.advanceTimersByTimeAsync(4999)
    expect(isDone).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(isDone).toBe(true)
    expect(logged).toEqual(['shutdown: gave up waiting after 5000 ms'])
  })
})

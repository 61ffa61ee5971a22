import { describe, expect, test } from 'vitest'
import { createFrameThrottle } from '../../../renderer/shared/frameThrottle'
import type { FrameScheduler } from '../../../renderer/shared/frameThrottle'

/** A scheduler the test advances by hand: frames and timers fire only when asked. */
function manualScheduler() {
  let nextHandle = 1
  const frames = new Map<number, () => void>()
  const timers = new Map<number, () => void>()
  const scheduler: FrameScheduler = {
    requestFrame: (callback) => (frames.set(nextHandle, callback), nextHandle++),
    cancelFrame: (handle) => void frames.delete(handle),
    setTimer: (callback) => (timers.set(nextHandle, callback), nextHandle++),
    clearTimer: (handle) => void timers.delete(handle),
  }
  const fire = (queue: Map<number, () => void>) => {
    const callbacks = [...queue.values()]
    queue.clear()
    callbacks.forEach((callback) => callback())
  }
  return {
    scheduler,
    frame: () => fire(frames),
    timeout: () => fire(timers),
    pending: () => frames.size + timers.size,
  }
}

describe('createFrameThrottle', () => {
  test('many requests before a frame run the callback once', () => {
    const clock = manualScheduler()
    let runs = 0
    const throttle = createFrameThrottle(() => runs++, clock.scheduler)
    for (let i = 0; i < 500; i++) {
      throttle.schedule()
    }
    clock.frame()
    clock.timeout() // the backup timer was cancelled by the frame
    expect(runs).toBe(1)
    throttle.schedule()
    clock.frame()
    expect(runs).toBe(2)
  })

  test('the timer runs it when no frame comes (hidden window), and cancels the frame', () => {
    const clock = manualScheduler()
    let runs = 0
    const throttle = createFrameThrottle(() => runs++, clock.scheduler)
    throttle.schedule()
    clock.timeout()
    expect(runs).toBe(1)
    expect(clock.pending()).toBe(0)
  })

  test('flush runs a pending request now; cancel drops it', () => {
    const clock = manualScheduler()
    let runs = 0
    const throttle = createFrameThrottle(() => runs++, clock.scheduler)
    throttle.flush()
    expect(runs).toBe(0)
    throttle.schedule()
    throttle.flush()
    expect([runs, clock.pending()]).toEqual([1, 0])
    throttle.schedule()
    throttle.cancel()
    clock.frame()
    expect(runs).toBe(1)
  })
})

// Runs a callback at most once per animation frame, however often it is asked for. A timer backs up the
// frame request because a hidden window gets no animation frames, and queued work must not pile up forever.
// The scheduler is injected so tests can drive it by hand.

export type FrameScheduler = Readonly<{
  requestFrame(callback: () => void): number
  cancelFrame(handle: number): void
  setTimer(callback: () => void, milliseconds: number): number
  clearTimer(handle: number): void
}>

export type FrameThrottle = Readonly<{
  /** Asks for one run at the next frame (or after the fallback delay); repeated asks before then do nothing. */
  schedule(): void
  /** Runs now if a run is pending. */
  flush(): void
  cancel(): void
}>

export function browserFrameScheduler(): FrameScheduler {
  return {
    requestFrame: (callback) => requestAnimationFrame(callback),
    cancelFrame: (handle) => cancelAnimationFrame(handle),
    setTimer: (callback, milliseconds) => window.setTimeout(callback, milliseconds),
    clearTimer: (handle) => window.clearTimeout(handle),
  }
}

export function createFrameThrottle(
  callback: () => void,
  scheduler: FrameScheduler = browserFrameScheduler(),
  fallbackMilliseconds = 250,
): FrameThrottle {
  let frame: number | null = null
  let timer: number | null = null

  function cancel(): void {
    if (frame !== null) {
      scheduler.cancelFrame(frame)
      frame = null
    }
    if (timer !== null) {
      scheduler.clearTimer(timer)
      timer = null
    }
  }

  function run(): void {
    cancel()
    callback()
  }

  return {
    schedule() {
      if (frame !== null || timer !== null) {
        return
      }
      frame = scheduler.requestFrame(run)
      timer = scheduler.setTimer(run, fallbackMilliseconds)
    },
    flush() {
      if (frame !== null || timer !== null) {
        run()
      }
    },
    cancel,
  }
}

// Quitting cleanly: run the shutdown steps once, in order, each failure logged rather than stopping the
// rest, and never let a hung step keep the app from quitting. Electron's 'will-quit' handling is in main.ts.

export type ShutdownStep = Readonly<{ name: string; run: () => void | Promise<void> }>

export type ShutdownOptions = Readonly<{
  timeoutMs: number
  log: (message: string) => void
}>

/** Returns the shutdown function; calling it again returns the same promise. It never rejects. */
export function createShutdown(steps: readonly ShutdownStep[], options: ShutdownOptions): () => Promise<void> {
  let running: Promise<void> | null = null

  async function runSteps(): Promise<void> {
    for (const step of steps) {
      try {
        await step.run()
      } catch (error) {
        options.log(`shutdown: ${step.name} failed: ${(error as Error).message}`)
      }
    }
  }

  return () => {
    if (running === null) {
      let timer: ReturnType<typeof setTimeout> | undefined
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          options.log(`shutdown: gave up waiting after ${options.timeoutMs} ms`)
          resolve()
        }, options.timeoutMs)
      })
      running = Promise.race([runSteps(), timeout]).finally(() => clearTimeout(timer))
    }
    return running
  }
}

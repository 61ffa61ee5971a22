// Progress reports for a running import: the phase (scanning, decoding, writing), done / total, the rate over
// the last few seconds and the time left at that rate. Within a phase, reports are throttled to at most one per
// 100 ms (so a 100,000-image import does not flood the UI); the first report of each phase and the final one
// are always sent, so a listener sees every phase begin and the import end. Not the import itself.

import type { ImportPhase, ImportProgress } from '../../../app/protocol/studioApi'

export type ProgressReport = Omit<ImportProgress, 'importId'>

export const MIN_REPORT_INTERVAL_MS = 100
/** The rate is measured over this much recent time, so it follows the import's current speed. */
export const RATE_WINDOW_MS = 3000
/** Below this much measured time the rate is too noisy to extrapolate from (the first decodes also pay for
 *  sharp's start-up: a 250 ms window once promised "15 minutes left" for a 20-second import). */
const MIN_RATE_SPAN_MS = 1000

type Sample = { time: number; done: number }

export class ProgressReporter {
  private phase: ImportPhase = 'scanning'
  private done = 0
  private total = 0
  private samples: Sample[] = []
  private lastReport = -Infinity

  constructor(
    private readonly onProgress: ((progress: ProgressReport) => void) | undefined,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Enters a phase; total is 0 while unknown (scanning). */
  start(phase: ImportPhase, total: number): void {
    this.phase = phase
    this.total = total
    this.done = 0
    this.samples = []
    this.report(true)
  }

  update(done: number, total = this.total): void {
    this.done = done
    this.total = total
    this.report(false)
  }

  /** The last report, sent whatever the throttle says: the current phase, complete. */
  finish(): void {
    this.done = Math.max(this.done, this.total)
    this.report(true)
  }

  private report(isForced: boolean): void {
    const time = this.now()
    if (this.onProgress === undefined || (!isForced && time - this.lastReport < MIN_REPORT_INTERVAL_MS)) {
      return
    }
    this.lastReport = time
    this.samples.push({ time, done: this.done })
    // Drop the oldest sample while the next one still reaches back a whole window.
    while (this.samples.length > 2 && time - this.samples[1].time >= RATE_WINDOW_MS) {
      this.samples.shift()
    }
    const oldest = this.samples[0]
    const span = time - oldest.time
    const imagesPerSecond = span >= MIN_RATE_SPAN_MS ? ((this.done - oldest.done) * 1000) / span : 0
    const left = Math.max(0, this.total - this.done)
    let etaSeconds: number | null = null
    if (this.total > 0 && left === 0) {
      etaSeconds = 0
    } else if (this.total > 0 && imagesPerSecond > 0) {
      etaSeconds = left / imagesPerSecond
    }
    this.onProgress({ phase: this.phase, done: this.done, total: this.total, imagesPerSecond, etaSeconds })
  }
}

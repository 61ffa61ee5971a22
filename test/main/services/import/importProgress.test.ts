// Progress reports on a fake clock: the throttle (at most one per 100 ms within a phase, each phase's first
// report and the final one always sent), the rate over the last three seconds, and the time left.

import { describe, expect, test } from 'vitest'
import { ProgressReporter } from '../../../../main/services/import/importProgress'
import type { ProgressReport } from '../../../../main/services/import/importProgress'

function reporterAt(clock: { now: number }) {
  const reports: (ProgressReport & { at: number })[] = []
  const reporter = new ProgressReporter((report) => reports.push({ ...report, at: clock.now }), () => clock.now)
  return { reporter, reports }
}

describe('ProgressReporter', () => {
  test('throttles updates to one per 100 ms; phase starts and the final report always go out', () => {
    const clock = { now: 0 }
    const { reporter, reports } = reporterAt(clock)
    reporter.start('decoding', 1000)
    for (let done = 1; done <= 1000; done++) {
      clock.now = done // 1 ms per image: 1 s in all
      reporter.update(done)
    }
    reporter.start('writing', 1000)
    reporter.finish()
    const every100 = Array.from({ length: 11 }, (_, i) => i * 100)
    expect(reports.map((report) => report.at)).toEqual([...every100, 1000, 1000])
    expect(reports.map((report) => report.phase))
      .toEqual([...new Array(11).fill('decoding'), 'writing', 'writing'])
    expect(reports.at(-1)).toMatchObject({ phase: 'writing', done: 1000, total: 1000, etaSeconds: 0 })
  })

  test('the rate follows the last three seconds, and the time left is what remains at that rate', () => {
    const clock = { now: 0 }
    const { reporter, reports } = reporterAt(clock)
    reporter.start('decoding', 10_000)
    // 5 s at 100 images/s, then 5 s at 1000 images/s.
    let done = 0
    for (let ms = 100; ms <= 10_000; ms += 100) {
      clock.now = ms
      done += ms <= 5000 ? 10 : 100
      reporter.update(done)
    }
    const at = (ms: number) => reports.find((report) => report.at === ms) as ProgressReport
    expect(at(100)).toMatchObject({ imagesPerSecond: 0, etaSeconds: null }) // too little time measured
    expect(at(3000).imagesPerSecond).toBeCloseTo(100, 6)
    expect(at(5000).etaSeconds).toBeCloseTo((10_000 - 500) / 100, 6)
    // By 9 s the window (6–9 s) holds only the fast part.
    expect(at(9000).imagesPerSecond).toBeCloseTo(1000, 6)
    expect(at(9000).etaSeconds).toBeCloseTo((10_000 - 4500) / 1000, 6)
  })

  test('scanning has no total and no time left; no listener means nothing is computed', () => {
    const clock = { now: 0 }
    const { reporter, reports } = reporterAt(clock)
    reporter.start('scanning', 0)
    clock.now = 500
    reporter.update(40)
    // Half a second is too little to extrapolate from: no rate yet.
    expect(reports[1]).toMatchObject({ phase: 'scanning', done: 40, total: 0, imagesPerSecond: 0, etaSeconds: null })
    clock.now = 2000
    reporter.update(160)
    expect(reports[2])
      .toMatchObject({ phase: 'scanning', done: 160, total: 0, imagesPerSecond: 80, etaSeconds: null })
    expect(() => new ProgressReporter(undefined).start('scanning', 0)).not.toThrow()
  })
})

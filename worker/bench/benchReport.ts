// What `cnn-studio bench` prints: a table for people, or one JSON object with the fields
// scripts/bench-pytorch.py prints too, so the two can be compared by a script. Formatting only.

import { BENCH_BATCH_SIZE, CHUNKS } from './measure'
import type { BenchResult } from './measure'

export type BenchReport = Readonly<{
  tool: 'cnn-studio'
  batchSize: number
  seconds: number
  chunks: number
  cores: number
  threads: number
  results: readonly BenchResult[]
}>

export function benchReport(
  results: readonly BenchResult[],
  settings: Readonly<{ seconds: number; cores: number; threads: number }>,
): BenchReport {
  const { seconds, cores, threads } = settings
  return { tool: 'cnn-studio', batchSize: BENCH_BATCH_SIZE, seconds, chunks: CHUNKS, cores, threads, results }
}

/** One row per net, one images/s column per thread count measured, then the peaks; notes underneath. */
export function renderTable(report: BenchReport): string {
  const { results, seconds } = report
  const threads = [...new Set(results.map((result) => result.threads))]
  const header = [
    'net',
    'parameters',
    ...threads.map((t) => `${t} thread${t === 1 ? '' : 's'}`),
    'peak RSS',
    'peak heap',
  ]
  const rows = [...new Set(results.map((result) => result.net))].map((name) => {
    const own = results.filter((result) => result.net === name)
    return [
      name,
      own[0].parameters.toLocaleString('en-US'),
      ...threads.map((t) => {
        const rate = own.find((result) => result.threads === t)?.imagesPerSecond
        return rate === undefined ? '-' : `${rate.toFixed(1)} img/s`
      }),
      `${own[own.length - 1].peakRssMB} MB`,
      `${Math.max(...own.map((result) => result.peakHeapMB))} MB`,
    ]
  })
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column].length)))
  const line = (row: string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd()
  const notes = [
    `batch ${BENCH_BATCH_SIZE}, synthetic data, SGD momentum 0.9, the trainer's thread pool; ` +
      `median of ${CHUNKS} chunks over ~${seconds} s`,
    'peak RSS: the whole process so far (maxRSS, all threads); peak heap: V8 heap of the main thread',
  ]
  return [line(header), ...rows.map(line), '', ...notes].join('\n')
}

// `cnn-studio bench` end to end: the built CLI forks the built bench process, which times N1 through the
// trainer's real thread pool on 1 and on 2 threads. Only the report's shape is checked, never a speed.

import { describe, expect, test } from 'vitest'
import { runCli } from './helpers'

type Result = {
  net: string
  threads: number
  parameters: number
  imagesPerSecond: number
  chunkImagesPerSecond: number[]
  steps: number
  peakRssMB: number
  peakHeapMB: number
  peakArrayBuffersMB: number
}

describe('cnn-studio bench', () => {
  test('--json measures N1 on 1 and 2 threads with positive rates and memory peaks', async () => {
    const result = await runCli(['bench', '--json', '--seconds', '0.5', '--nets', 'N1', '--threads', '2'])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toBe('')
    type Report = { tool: string; batchSize: number; threads: number; results: Result[] }
    const report = JSON.parse(result.stdout) as Report
    expect([report.tool, report.batchSize, report.threads]).toEqual(['cnn-studio', 64, 2])
    expect(report.results.map((row) => [row.net, row.threads])).toEqual([
      ['N1', 1],
      ['N1', 2],
    ])
    for (const row of report.results) {
      expect(row.parameters).toBe(208 + 3216 + 7850) // conv 1→8 5×5, conv 8→16 5×5, dense 784→10
      expect(row.imagesPerSecond).toBeGreaterThan(0)
      expect(row.chunkImagesPerSecond).toHaveLength(5)
      expect(row.steps).toBeGreaterThanOrEqual(5)
      expect(row.peakRssMB).toBeGreaterThan(0)
      expect(row.peakHeapMB).toBeGreaterThan(0)
      expect(row.peakArrayBuffersMB).toBeGreaterThan(0)
    }
  })

  test('--threads 1 prints one thread column only; a bad flag is one line and exit code 2', async () => {
    const table = await runCli(['bench', '--threads', '1', '--seconds', '0.5', '--nets', 'N1'])
    expect(table.code, table.stderr).toBe(0)
    const header = table.stdout.split('\n')[0].split(/\s{2,}/)
    expect(header).toEqual(['net', 'parameters', '1 thread', 'peak RSS', 'peak heap'])
    expect(table.stderr).toBe('bench: N1 on 1 thread…\n')
    const bad = await runCli(['bench', '--threads', '0'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toBe("--threads: got '0', expected a whole number from 1 to 256\n")
  })
})

// `cnn-studio bench`: the report's structure and arithmetic with a fake trainer (fast, exact), the flag checks,
// and one short real run of N1 through the engine. Speeds are never asserted: the machines are shared.

import { describe, expect, test } from 'vitest'
import { BENCH_BATCH_SIZE, benchCommand, measureThroughput, median } from '../../../main/cli/benchCommand'
import type { BenchResult } from '../../../main/cli/benchCommand'
import { BENCH_NETS } from '../../../main/cli/benchNets'
import type { TrainStepFactory } from '../../../main/cli/benchNets'

type Report = { tool: string; batchSize: number; threads: number; results: BenchResult[] }

async function run(
  args: string[],
  trainStepFactory?: TrainStepFactory,
): Promise<{ code: number; output: string }> {
  let output = ''
  const code = await benchCommand(args, {
    trainStepFactory,
    write: (text) => (output += text),
    log: () => {},
  })
  return { code, output }
}

/** Trains nothing: each step only counts itself; only 1 thread "works", like the engine before the pool exists. */
function fakeFactory(calls: string[]): TrainStepFactory {
  return async (net, { threads }) => {
    calls.push(`${net.name}/${threads}`)
    if (threads !== 1) {
      return null
    }
    return {
      parameterCount: net.name.length * 1000,
      step: () => {},
      close: async () => void calls.push(`close ${net.name}`),
    }
  }
}

describe('benchCommand', () => {
  test('measures every net on 1 and N threads, reporting n/a as null, in JSON', async () => {
    const calls: string[] = []
    const { code, output } = await run(['--json', '--threads', '3', '--seconds', '0.05'], fakeFactory(calls))
    const report = JSON.parse(output) as Report
    expect(code).toBe(0)
    expect(calls).toEqual([
      'N1/1',
      'close N1',
      'N1/3',
      'N2/1',
      'close N2',
      'N2/3',
      'N3/1',
      'close N3',
      'N3/3',
    ])
    expect({ tool: report.tool, batchSize: report.batchSize, threads: report.threads }).toEqual({
      tool: 'cnn-studio',
      batchSize: 64,
      threads: 3,
    })
    expect(
      report.results.map((result) => [result.net, result.threads, result.imagesPerSecond === null]),
    ).toEqual([
      ['N1', 1, false],
      ['N1', 3, true],
      ['N2', 1, false],
      ['N2', 3, true],
      ['N3', 1, false],
      ['N3', 3, true],
    ])
    for (const result of report.results.filter((result) => result.threads === 1)) {
      expect(result.chunkImagesPerSecond).toHaveLength(5)
      expect(result.imagesPerSecond).toBeCloseTo(median(result.chunkImagesPerSecond), 0)
      expect(result.peakRssMB).toBeGreaterThan(0)
      expect(result.peakHeapMB).toBeGreaterThan(0)
    }
  })

  test('the table names each thread count and marks what was not measured', async () => {
    const { output } = await run(['--threads', '2', '--seconds', '0.05', '--nets', 'n1,N3'], fakeFactory([]))
    const lines = output.split('\n')
    expect(lines[0].split(/\s{2,}/)).toEqual([
      'net',
      'parameters',
      '1 thread',
      '2 threads',
      'peak RSS',
      'peak heap',
    ])
    expect(lines[1]).toMatch(/^N1 +2,000 +[\d.]+ img\/s +n\/a +[\d.]+ MB +[\d.]+ MB$/)
    expect(lines[2]).toMatch(/^N3 /)
    expect(output).toContain('n/a: this build has no multithreaded trainer to measure')
  })

  test.each([
    { args: ['--threads', '0'], message: "--threads: got '0', expected a whole number from 1 to 256" },
    { args: ['--seconds', 'NaN'], message: "--seconds: got 'NaN', expected a number greater than 0" },
    {
      args: ['--nets', 'N1,N4'],
      message: "--nets: got 'N1,N4', expected a comma-separated list of N1, N2, N3",
    },
    { args: ['--fast'], message: 'cnn-studio bench:' },
  ])('refuses $args', async ({ args, message }) => {
    await expect(run(args, fakeFactory([]))).rejects.toThrow(message)
  })
})

describe('measureThroughput', () => {
  test('each chunk runs at least one step, and the rate is images over seconds', async () => {
    let steps = 0
    const slowStep = () => {
      steps++
      const until = performance.now() + 4
      while (performance.now() < until) {
        // a step of about 4 ms: longer than the 2 ms chunks of a 0.01 s budget
      }
    }
    const measurement = await measureThroughput({ parameterCount: 0, step: slowStep }, 10, 0.01)
    expect(measurement.steps).toBeGreaterThanOrEqual(5)
    expect(steps).toBeGreaterThanOrEqual(measurement.steps + 2) // plus the warm-up steps
    for (const rate of measurement.chunkImagesPerSecond) {
      expect(rate).toBeLessThanOrEqual(10 / 0.004) // 10 images per step of at least 4 ms
    }
  })
})

test('N1 trains through the engine for real and reports its parameter count', async () => {
  // conv 5×5 1→8: 200 + 8; conv 5×5 8→16: 3200 + 16; dense 16·7·7 → 10: 7840 + 10
  const { output } = await run(['--json', '--threads', '1', '--seconds', '0.1', '--nets', 'N1'])
  const [result] = (JSON.parse(output) as Report).results
  expect(result).toMatchObject({ net: 'N1', threads: 1, parameters: 208 + 3216 + 7850 })
  expect(result.imagesPerSecond).toBeGreaterThan(0)
  expect(result.steps % 1).toBe(0)
  expect(BENCH_NETS.map((net) => net.spec.input)).toEqual([
    { height: 28, width: 28, channels: 1 },
    { height: 32, width: 32, channels: 3 },
    { height: 32, width: 32, channels: 3 },
  ])
  expect(BENCH_BATCH_SIZE).toBe(64)
})

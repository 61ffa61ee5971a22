// The bench run as a whole with a fake trainer (fast, exact): which nets and thread counts it measures, in what
// order, and what it prints. The real pool is covered by poolTrainer.test.ts and test/e2e/bench.test.ts.

import { describe, expect, test } from 'vitest'
import type { TrainStepFactory } from '../../../worker/bench/benchNets'
import type { BenchReport } from '../../../worker/bench/benchReport'
import { runBench } from '../../../worker/bench/runBench'

/** Trains nothing: each step only returns; records which trainers were made and closed. */
function fakeFactory(calls: string[]): TrainStepFactory {
  return async (net, { threads }) => {
    calls.push(`${net.name}/${threads}`)
    return {
      parameterCount: net.name.charCodeAt(1) * 1000,
      step: () => {},
      close: async () => void calls.push(`close ${net.name}/${threads}`),
    }
  }
}

type Run = { code: number; output: string; log: string }

async function run(args: string[], calls: string[] = []): Promise<Run> {
  let output = ''
  let log = ''
  const code = await runBench(args, {
    trainStepFactory: fakeFactory(calls),
    cores: 2,
    write: (text) => (output += text),
    log: (text) => (log += text),
  })
  return { code, output, log }
}

describe('runBench', () => {
  test('measures every net on 1 and N threads, each trainer closed before the next, in JSON', async () => {
    const calls: string[] = []
    const { code, output, log } = await run(['--json', '--threads', '3', '--seconds', '0.02'], calls)
    expect(code).toBe(0)
    expect(log).toBe('') // JSON mode: stdout holds the report alone, and nothing chats on stderr
    expect(calls).toEqual(
      ['N1', 'N2', 'N3'].flatMap((net) => [`${net}/1`, `close ${net}/1`, `${net}/3`, `close ${net}/3`]),
    )
    const report = JSON.parse(output) as BenchReport
    expect({ ...report, results: [] }).toEqual({
      tool: 'cnn-studio',
      batchSize: 64,
      seconds: 0.02,
      chunks: 5,
      cores: 2,
      threads: 3,
      results: [],
    })
    expect(report.results.map((result) => [result.net, result.threads])).toEqual([
      ['N1', 1],
      ['N1', 3],
      ['N2', 1],
      ['N2', 3],
      ['N3', 1],
      ['N3', 3],
    ])
  })

  test('--threads 1 measures one thread only', async () => {
    const calls: string[] = []
    const { output } = await run(['--json', '--threads', '1', '--seconds', '0.02', '--nets', 'N2'], calls)
    expect(calls).toEqual(['N2/1', 'close N2/1'])
    expect((JSON.parse(output) as BenchReport).results.map((result) => result.threads)).toEqual([1])
  })

  test('the default second thread count is the machine cores given', async () => {
    const calls: string[] = []
    await run(['--json', '--seconds', '0.02', '--nets', 'N1'], calls)
    expect(calls).toEqual(['N1/1', 'close N1/1', 'N1/2', 'close N1/2'])
  })

  test('the table has a column per thread count, a row per net, and logs progress on the side', async () => {
    const { output, log } = await run(['--threads', '2', '--seconds', '0.02', '--nets', 'n1,N3'])
    const lines = output.split('\n')
    const header = ['net', 'parameters', '1 thread', '2 threads', 'peak RSS', 'peak heap']
    expect(lines[0].split(/\s{2,}/)).toEqual(header)
    expect(lines[1]).toMatch(/^N1 +49,000 +[\d.]+ img\/s +[\d.]+ img\/s +[\d.]+ MB +[\d.]+ MB$/)
    expect(lines[2]).toMatch(/^N3 +51,000 /)
    expect(lines[3]).toBe('')
    expect(output).toContain('batch 64')
    expect(log.trim().split('\n')).toEqual([
      'bench: N1 on 1 thread…',
      'bench: N1 on 2 threads…',
      'bench: N3 on 1 thread…',
      'bench: N3 on 2 threads…',
    ])
  })

  test('a bad flag throws before anything is measured', async () => {
    const calls: string[] = []
    await expect(run(['--threads', '0'], calls)).rejects.toThrow("--threads: got '0'")
    expect(calls).toEqual([])
  })
})

// The bench process's work, callable with fakes: parse the flags, time every net on 1 thread and on N (unless
// N is 1), print the table or the JSON report. Exit codes and uncaught errors are the entry's (benchProcess.ts).

import { availableParallelism } from 'node:os'
import { parseBenchFlags } from './benchFlags'
import type { TrainStepFactory } from './benchNets'
import { benchReport, renderTable } from './benchReport'
import { benchOne } from './measure'
import type { BenchResult } from './measure'
import { poolTrainStepFactory } from './poolTrainer'

export type BenchDependencies = Readonly<{
  trainStepFactory?: TrainStepFactory
  cores?: number
  write?: (text: string) => void
  /** Progress lines (text mode only). */
  log?: (text: string) => void
}>

/** Runs the benchmark the flags ask for; returns the exit code. Throws BenchUsageError for a bad flag. */
export async function runBench(args: readonly string[], dependencies: BenchDependencies = {}): Promise<number> {
  const {
    trainStepFactory = poolTrainStepFactory,
    cores = availableParallelism(),
    write = (text) => process.stdout.write(text),
    log = (text) => process.stderr.write(text),
  } = dependencies
  const settings = parseBenchFlags(args, cores)
  const threadCounts = settings.threads === 1 ? [1] : [1, settings.threads]
  const results: BenchResult[] = []
  for (const net of settings.nets) {
    for (const threads of threadCounts) {
      if (!settings.isJson) {
        log(`bench: ${net.name} on ${threads} thread${threads === 1 ? '' : 's'}…\n`)
      }
      results.push(await benchOne(net, threads, settings.seconds, trainStepFactory))
    }
  }
  const report = benchReport(results, { seconds: settings.seconds, cores, threads: settings.threads })
  write(settings.isJson ? `${JSON.stringify(report)}\n` : `${renderTable(report)}\n`)
  return 0
}

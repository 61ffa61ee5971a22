// The bench process's command line, parsed and checked here because the bench runs in its own process (the
// CLI only forks it). The messages are the CLI's (main/cli/flags.ts): each names the flag, what arrived and
// what was expected; the usage text itself stays with the CLI's help (main/cli/benchCommand.ts).

import { parseArgs } from 'node:util'
import { BENCH_NETS } from './benchNets'
import type { BenchNet } from './benchNets'

export const DEFAULT_SECONDS = 10
export const MAX_SECONDS = 3600
export const MAX_BENCH_THREADS = 256

/** A bad flag: printed as one line, exit code 2, no stack. */
export class BenchUsageError extends Error {
  override name = 'BenchUsageError'
  readonly exitCode = 2
}

export type BenchSettings = Readonly<{
  isJson: boolean
  /** The second measurement's thread count; 1 measures 1 thread only. */
  threads: number
  seconds: number
  nets: readonly BenchNet[]
}>

const FLAGS = {
  json: { type: 'boolean' },
  threads: { type: 'string' },
  seconds: { type: 'string' },
  nets: { type: 'string' },
} as const

/** `cores` is the default thread count (the machine's). Throws BenchUsageError naming the first bad flag. */
export function parseBenchFlags(args: readonly string[], cores: number): BenchSettings {
  let values: { json?: boolean; threads?: string; seconds?: string; nets?: string }
  try {
    values = parseArgs({ args: [...args], options: FLAGS, strict: true, allowPositionals: false }).values
  } catch (error) {
    throw new BenchUsageError(`cnn-studio bench: ${(error as Error).message}. Run 'cnn-studio help' for usage.`)
  }
  return {
    isJson: values.json === true,
    threads: parseThreads(values.threads, cores),
    seconds: parseSeconds(values.seconds),
    nets: parseNets(values.nets),
  }
}

function parseThreads(value: string | undefined, fallback: number): number {
  if (value === undefined) {
    return Math.min(fallback, MAX_BENCH_THREADS)
  }
  const parsed = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isSafeInteger(parsed) || parsed < 1 || parsed > MAX_BENCH_THREADS) {
    throw new BenchUsageError(
      `--threads: got '${value}', expected a whole number from 1 to ${MAX_BENCH_THREADS}`,
    )
  }
  return parsed
}

function parseSeconds(value: string | undefined): number {
  if (value === undefined) {
    return DEFAULT_SECONDS
  }
  const parsed = value.trim() === '' ? Number.NaN : Number(value)
  if (!Number.isFinite(parsed) || parsed <= 0 || parsed > MAX_SECONDS) {
    throw new BenchUsageError(
      `--seconds: got '${value}', expected a number greater than 0 and at most ${MAX_SECONDS}`,
    )
  }
  return parsed
}

function parseNets(value: string | undefined): BenchNet[] {
  if (value === undefined) {
    return [...BENCH_NETS]
  }
  const names = value.split(',').map((name) => name.trim().toUpperCase())
  const known: readonly string[] = BENCH_NETS.map((net) => net.name)
  if (names.some((name) => !known.includes(name))) {
    throw new BenchUsageError(`--nets: got '${value}', expected a comma-separated list of ${known.join(', ')}`)
  }
  return BENCH_NETS.filter((net) => names.includes(net.name))
}

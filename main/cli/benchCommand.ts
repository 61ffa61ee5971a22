// `cnn-studio bench`: trains the three fixed nets of benchNets.ts on synthetic data and prints images per second
// on 1 and N threads with the peak memory, as a table or one JSON object (the fields scripts/bench-pytorch.py
// prints too). A measurement, not a test: figures vary with the machine's other load, so each is the median of
// several timed chunks after a warm-up. How a step runs on N threads is the TrainStepFactory's business.

import { availableParallelism } from 'node:os'
import { getHeapStatistics } from 'node:v8'
import { CliError } from './cliError'
import { integerFlag, numberFlag, parseFlags, stringFlag } from './flags'
import { BENCH_NETS, engineTrainStepFactory } from './benchNets'
import type { BenchNet, BenchTrainer, TrainStepFactory } from './benchNets'

export const BENCH_BATCH_SIZE = 64
const CHUNKS = 5
const WARMUP_STEPS = 2
const DEFAULT_SECONDS = 10

export const BENCH_USAGE = `cnn-studio bench [--json] [--threads N] [--seconds S] [--nets N1,N2,N3]
  Trains three fixed nets on synthetic data at batch ${BENCH_BATCH_SIZE}; prints images/second on 1 and N threads
  and the peak memory. N1: LeNet-style on 28×28×1; N2: the classic CIFAR net; N3: VGG-style; both on 32×32×3.
  --threads N      the second measurement's thread count     (default: the machine's cores)
  --seconds S      timed seconds per net and thread count     (default ${DEFAULT_SECONDS}; at least 5 steps)
  --nets LIST      which nets, comma-separated                (default N1,N2,N3)
  --json           one JSON object instead of a table`

const FLAGS = {
  json: { type: 'boolean' },
  threads: { type: 'string' },
  seconds: { type: 'string' },
  nets: { type: 'string' },
} as const

export type Measurement = Readonly<{
  imagesPerSecond: number
  /** images/s of each timed chunk, in order; imagesPerSecond is their median. */
  chunkImagesPerSecond: number[]
  steps: number
}>

export type BenchResult = Readonly<{
  net: string
  description: string
  parameters: number | null
  threads: number
  /** null when this build cannot train on that many threads. */
  imagesPerSecond: number | null
  chunkImagesPerSecond: number[]
  steps: number
  /** Process-wide peak resident set so far (process.resourceUsage().maxRSS), in MB. */
  peakRssMB: number
  /** Peak V8 heap of this thread and of typed-array buffers during the measurement, in MB. */
  peakHeapMB: number | null
  peakArrayBuffersMB: number | null
}>

export type BenchDependencies = Readonly<{
  trainStepFactory?: TrainStepFactory
  write?: (text: string) => void
  /** Progress lines (text mode only). */
  log?: (text: string) => void
}>

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** Tracks the largest V8 heap and typed-array memory seen at the sample points. */
class MemoryPeaks {
  heapBytes = 0
  arrayBufferBytes = 0

  sample(): void {
    this.heapBytes = Math.max(this.heapBytes, getHeapStatistics().used_heap_size)
    this.arrayBufferBytes = Math.max(this.arrayBufferBytes, process.memoryUsage().arrayBuffers)
  }
}

/**
 * Warm-up (at least WARMUP_STEPS steps and a fifth of the budget, at most 2 s of it), then CHUNKS timed chunks
 * of about seconds / CHUNKS each, every chunk at least one step.
 */
export async function measureThroughput(
  trainer: BenchTrainer,
  batchSize: number,
  seconds: number,
  onStep: () => void = () => {},
): Promise<Measurement> {
  const warmupMs = Math.min(2000, (seconds * 1000) / 5)
  const warmupStart = performance.now()
  for (let steps = 0; steps < WARMUP_STEPS || performance.now() - warmupStart < warmupMs; steps++) {
    await trainer.step()
    onStep()
  }
  const chunkMs = (seconds * 1000) / CHUNKS
  const chunkImagesPerSecond: number[] = []
  let totalSteps = 0
  for (let chunk = 0; chunk < CHUNKS; chunk++) {
    const start = performance.now()
    let steps = 0
    let elapsed = 0
    do {
      await trainer.step()
      steps++
      elapsed = performance.now() - start
      onStep() // after reading the clock: sampling memory is not part of a step
    } while (elapsed < chunkMs)
    chunkImagesPerSecond.push((steps * batchSize) / (elapsed / 1000))
    totalSteps += steps
  }
  return { imagesPerSecond: median(chunkImagesPerSecond), chunkImagesPerSecond, steps: totalSteps }
}

async function benchOne(net: BenchNet, threads: number, seconds: number, factory: TrainStepFactory) {
  const trainer = await factory(net, { threads, batchSize: BENCH_BATCH_SIZE, seed: 1 })
  const peaks = new MemoryPeaks()
  let measurement: Measurement | null = null
  if (trainer !== null) {
    try {
      measurement = await measureThroughput(trainer, BENCH_BATCH_SIZE, seconds, () => peaks.sample())
    } finally {
      await trainer.close?.()
    }
  }
  const megabytes = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10
  const result: BenchResult = {
    net: net.name,
    description: net.description,
    parameters: trainer?.parameterCount ?? null,
    threads,
    imagesPerSecond: measurement === null ? null : Math.round(measurement.imagesPerSecond * 10) / 10,
    chunkImagesPerSecond: measurement?.chunkImagesPerSecond.map((value) => Math.round(value * 10) / 10) ?? [],
    steps: measurement?.steps ?? 0,
    peakRssMB: megabytes(process.resourceUsage().maxRSS * 1024),
    peakHeapMB: measurement === null ? null : megabytes(peaks.heapBytes),
    peakArrayBuffersMB: measurement === null ? null : megabytes(peaks.arrayBufferBytes),
  }
  return result
}

function parseNets(value: string | undefined): BenchNet[] {
  if (value === undefined) {
    return [...BENCH_NETS]
  }
  const names = value.split(',').map((name) => name.trim().toUpperCase())
  const known = BENCH_NETS.map((net) => net.name)
  const unknown = names.filter((name) => !known.includes(name as BenchNet['name']))
  if (unknown.length > 0 || names.length === 0) {
    throw new CliError(`--nets: got '${value}', expected a comma-separated list of ${known.join(', ')}`)
  }
  return BENCH_NETS.filter((net) => names.includes(net.name))
}

function renderTable(results: readonly BenchResult[], threads: readonly number[], seconds: number): string {
  const header = [
    'net',
    'parameters',
    ...threads.map((t) => `${t} thread${t === 1 ? '' : 's'}`),
    'peak RSS',
    'peak heap',
  ]
  const rows = [...new Set(results.map((result) => result.net))].map((name) => {
    const own = results.filter((result) => result.net === name)
    const last = own[own.length - 1]
    return [
      name,
      (own.find((result) => result.parameters !== null)?.parameters ?? 0).toLocaleString('en-US'),
      ...threads.map((t) => {
        const rate = own.find((result) => result.threads === t)?.imagesPerSecond ?? null
        return rate === null ? 'n/a' : `${rate.toFixed(1)} img/s`
      }),
      `${last.peakRssMB} MB`,
      `${Math.max(...own.map((result) => result.peakHeapMB ?? 0))} MB`,
    ]
  })
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column].length)))
  const line = (row: string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd()
  const notes = [
    `batch ${BENCH_BATCH_SIZE}, synthetic data, SGD momentum 0.9; median of ${CHUNKS} chunks over ~${seconds} s`,
    'peak RSS: the process so far (maxRSS); peak heap: V8 heap of the main thread',
  ]
  if (results.some((result) => result.imagesPerSecond === null)) {
    notes.push('n/a: this build has no multithreaded trainer to measure')
  }
  return [line(header), ...rows.map(line), '', ...notes].join('\n')
}

/** Runs the benchmark; returns the exit code. */
export async function benchCommand(
  args: readonly string[],
  dependencies: BenchDependencies = {},
): Promise<number> {
  const { trainStepFactory = engineTrainStepFactory, write = (text) => process.stdout.write(text) } =
    dependencies
  const log = dependencies.log ?? ((text: string) => process.stderr.write(text))
  const flags = parseFlags(args, FLAGS, 'bench')
  const cores = availableParallelism()
  const threadCount = integerFlag(flags.threads, 'threads', cores, 1, 256)
  const seconds = numberFlag(flags.seconds, 'seconds', DEFAULT_SECONDS, {
    min: 0,
    max: 3600,
    isMinExclusive: true,
  })
  const nets = parseNets(stringFlag(flags.nets))
  const isJson = flags.json === true
  const threads = threadCount === 1 ? [1] : [1, threadCount]
  const results: BenchResult[] = []
  for (const net of nets) {
    for (const t of threads) {
      if (!isJson) {
        log(`bench: ${net.name} on ${t} thread${t === 1 ? '' : 's'}…\n`)
      }
      results.push(await benchOne(net, t, seconds, trainStepFactory))
    }
  }
  if (isJson) {
    const report = {
      tool: 'cnn-studio',
      batchSize: BENCH_BATCH_SIZE,
      seconds,
      chunks: CHUNKS,
      cores,
      threads: threadCount,
      results,
    }
    write(`${JSON.stringify(report)}\n`)
  } else {
    write(`${renderTable(results, threads, seconds)}\n`)
  }
  return 0
}

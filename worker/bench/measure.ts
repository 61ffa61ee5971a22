// Timing one trainer: a warm-up, then the median images/second of several timed chunks (the machines are shared,
// so a median of chunks resists a neighbour's burst better than one long mean), with the peak memory seen.
// A measurement, never a test: nothing here asserts a speed. Not here: which trainer (poolTrainer.ts).

import { getHeapStatistics } from 'node:v8'
import type { BenchNet, BenchTrainer, TrainStepFactory } from './benchNets'

export const BENCH_BATCH_SIZE = 64
export const CHUNKS = 5
const WARMUP_STEPS = 2
/** The bench nets' initial weights and synthetic batch come from this seed. */
const BENCH_SEED = 1

export type Measurement = Readonly<{
  imagesPerSecond: number
  /** images/s of each timed chunk, in order; imagesPerSecond is their median. */
  chunkImagesPerSecond: number[]
  steps: number
}>

export type BenchResult = Readonly<{
  net: string
  description: string
  parameters: number
  threads: number
  imagesPerSecond: number
  chunkImagesPerSecond: number[]
  steps: number
  /** Process-wide peak resident set so far (process.resourceUsage().maxRSS), in MB: all threads included. */
  peakRssMB: number
  /** Peak V8 heap of the bench's main thread and of its typed-array buffers during the measurement, in MB. */
  peakHeapMB: number
  peakArrayBuffersMB: number
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

function megabytes(bytes: number): number {
  return Math.round((bytes / 2 ** 20) * 10) / 10
}

function oneDecimal(value: number): number {
  return Math.round(value * 10) / 10
}

/** Builds the net's trainer on `threads` threads, measures it for about `seconds`, and closes it. */
export async function benchOne(
  net: BenchNet,
  threads: number,
  seconds: number,
  factory: TrainStepFactory,
): Promise<BenchResult> {
  const trainer = await factory(net, { threads, batchSize: BENCH_BATCH_SIZE, seed: BENCH_SEED })
  const peaks = new MemoryPeaks()
  let measurement: Measurement
  try {
    measurement = await measureThroughput(trainer, BENCH_BATCH_SIZE, seconds, () => peaks.sample())
  } finally {
    await trainer.close?.()
  }
  return {
    net: net.name,
    description: net.description,
    parameters: trainer.parameterCount,
    threads,
    imagesPerSecond: oneDecimal(measurement.imagesPerSecond),
    chunkImagesPerSecond: measurement.chunkImagesPerSecond.map(oneDecimal),
    steps: measurement.steps,
    peakRssMB: megabytes(process.resourceUsage().maxRSS * 1024),
    peakHeapMB: megabytes(peaks.heapBytes),
    peakArrayBuffersMB: megabytes(peaks.arrayBufferBytes),
  }
}

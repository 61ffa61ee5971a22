// The bench's timing arithmetic: the median, chunking (every chunk at least one step, warm-up excluded), and one
// result from a fake trainer. Speeds are never asserted: the machines are shared.

import { describe, expect, test } from 'vitest'
import { BENCH_NETS } from '../../../worker/bench/benchNets'
import type { TrainStepFactory } from '../../../worker/bench/benchNets'
import { BENCH_BATCH_SIZE, CHUNKS, benchOne, measureThroughput, median } from '../../../worker/bench/measure'

describe('median', () => {
  test.each([
    { values: [5], expected: 5 },
    { values: [3, 1, 2], expected: 2 },
    { values: [4, 1, 3, 2], expected: 2.5 },
    { values: [10, -1, 7, 7, 100], expected: 7 },
  ])('of $values is $expected', ({ values, expected }) => {
    expect(median(values)).toBe(expected)
  })

  test('does not reorder its argument', () => {
    const values = [3, 1, 2]
    median(values)
    expect(values).toEqual([3, 1, 2])
  })
})

/** A step that busy-waits about `milliseconds` and counts itself. */
function busyStep(milliseconds: number, counter: { steps: number }) {
  return () => {
    counter.steps++
    const until = performance.now() + milliseconds
    while (performance.now() < until) {
      // spin: a step of a known minimum length
    }
  }
}

describe('measureThroughput', () => {
  test('each chunk runs at least one step, and the rate is images over seconds', async () => {
    const counter = { steps: 0 }
    // 4 ms steps against 2 ms chunks (a 0.01 s budget over 5 chunks): one step per chunk.
    const measurement = await measureThroughput({ parameterCount: 0, step: busyStep(4, counter) }, 10, 0.01)
    expect(measurement.chunkImagesPerSecond).toHaveLength(CHUNKS)
    expect(measurement.steps).toBe(CHUNKS)
    expect(counter.steps).toBeGreaterThanOrEqual(measurement.steps + 2) // plus at least two warm-up steps
    for (const rate of measurement.chunkImagesPerSecond) {
      expect(rate).toBeLessThanOrEqual(10 / 0.004) // 10 images per step of at least 4 ms
      expect(rate).toBeGreaterThan(0)
    }
    expect(measurement.imagesPerSecond).toBe(median(measurement.chunkImagesPerSecond))
  })

  test('short steps fill each chunk: many steps per chunk, all counted, warm-up apart', async () => {
    const counter = { steps: 0 }
    const samples: number[] = []
    const measurement = await measureThroughput(
      { parameterCount: 0, step: async () => void counter.steps++ },
      64,
      0.05,
      () => samples.push(counter.steps),
    )
    expect(measurement.steps).toBeGreaterThan(CHUNKS)
    expect(samples).toHaveLength(counter.steps) // onStep after every step, warm-up included
    expect(counter.steps).toBeGreaterThan(measurement.steps)
  })
})

describe('benchOne', () => {
  test('reports the trainer measured, rounded rates whose median is the headline, and closes it', async () => {
    const calls: string[] = []
    const factory: TrainStepFactory = async (net, options) => {
      calls.push(`create ${net.name} ${JSON.stringify(options)}`)
      return {
        parameterCount: 1234,
        step: () => {},
        close: async () => void calls.push('close'),
      }
    }
    const result = await benchOne(BENCH_NETS[1], 3, 0.02, factory)
    const options = { threads: 3, batchSize: BENCH_BATCH_SIZE, seed: 1 }
    expect(calls).toEqual([`create N2 ${JSON.stringify(options)}`, 'close'])
    const { description } = BENCH_NETS[1]
    expect(result).toMatchObject({ net: 'N2', description, parameters: 1234, threads: 3 })
    expect(result.chunkImagesPerSecond).toHaveLength(CHUNKS)
    expect(result.imagesPerSecond).toBeCloseTo(median(result.chunkImagesPerSecond), 0)
    expect(result.peakRssMB).toBeGreaterThan(0)
    expect(result.peakHeapMB).toBeGreaterThan(0)
    expect(result.peakArrayBuffersMB).toBeGreaterThanOrEqual(0)
  })

  test('closes the trainer when a step fails', async () => {
    let isClosed = false
    const factory: TrainStepFactory = async () => ({
      parameterCount: 1,
      step: () => {
        throw new Error('step failed')
      },
      close: async () => void (isClosed = true),
    })
    await expect(benchOne(BENCH_NETS[0], 1, 0.01, factory)).rejects.toThrow('step failed')
    expect(isClosed).toBe(true)
  })
})

import { availableParallelism } from 'node:os'
import { afterEach, describe, expect, test } from 'vitest'
import { TrainingPool } from '../../../worker/threads/trainingPool'
import type { TrainingPoolOptions } from '../../../worker/threads/trainingPool'
import { batchNormSpec, convSpec, randomDataset } from './poolFixtures'

const pools: TrainingPool[] = []

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.dispose()))
})

async function createPool(options: Partial<TrainingPoolOptions> = {}): Promise<TrainingPool> {
  const pool = await TrainingPool.create({
    spec: convSpec,
    seed: 1,
    threads: 3,
    maxBatchSize: 16,
    lossKind: 'crossEntropy',
    ...options,
  })
  pools.push(pool)
  return pool
}

/** A stand-in thread that starts fine and then exits in the middle of its first pass. */
const exitingThread = {
  kind: 'code',
  code: `const { parentPort } = require('node:worker_threads')
parentPort.on('message', () => process.exit(7))
parentPort.postMessage({ type: 'ready' })`,
} as const

describe('TrainingPool lifecycle', () => {
  test('refuses a thread count of 0 and other impossible options, naming the value', async () => {
    await expect(createPool({ threads: 0 })).rejects.toThrow(
      'TrainingPool threads: got 0, expected an integer from 1 to 256',
    )
    await expect(createPool({ threads: 1.5 })).rejects.toThrow('TrainingPool threads: got 1.5')
    await expect(createPool({ maxBatchSize: 0 })).rejects.toThrow('TrainingPool maxBatchSize: got 0')
    const pool = await createPool()
    const data = randomDataset(convSpec, 16, 3, 1)
    await expect(pool.trainStep(data.inputs, data.labels, 17, 1)).rejects.toThrow(
      'TrainingPool.trainStep batch size: got 17, expected an integer from 1 to 16',
    )
    const short = data.inputs.subarray(1)
    await expect(pool.trainStep(short, data.labels, 16, 1)).rejects.toThrow('need 2048 inputs and 16 labels')
  })

  test('uses one thread per core by default', async () => {
    const pool = await createPool({ threads: undefined })
    expect(pool.threads).toBe(availableParallelism())
  })

  test('dispose terminates every thread, and the pool refuses work afterwards', async () => {
    const pool = await createPool({ threads: 3 })
    expect(pool.liveThreadCount()).toBe(3)
    await pool.dispose()
    expect(pool.liveThreadCount()).toBe(0)
    const data = randomDataset(convSpec, 4, 3, 1)
    await expect(pool.trainStep(data.inputs, data.labels, 4, 1)).rejects.toThrow('the pool is disposed')
  })

  test('disposing during a step settles that step instead of leaving it pending', async () => {
    const pool = await createPool({ threads: 2 })
    const data = randomDataset(convSpec, 16, 3, 1)
    const step = pool.trainStep(data.inputs, data.labels, 16, 1)
    await pool.dispose()
    // Usually the threads are stopped mid-pass; a pass that finished first may still resolve, but never hang.
    const outcome = await step.then(
      () => 'finished',
      (error: Error) => error.message,
    )
    expect(['finished', 'training thread 0: the pool was disposed during the pass']).toContain(outcome)
  })

  test('a thread’s error rejects the step with that thread’s message; the pool stays usable', async () => {
    // With batch norm, the other threads wait for thread 2 at the backward pass's all-reduce: they must be
    // released, and the error reported must be thread 2's, not theirs.
    const pool = await createPool({ spec: batchNormSpec, threads: 4 })
    const data = randomDataset(batchNormSpec, 8, 3, 2)
    const labels = data.labels.slice()
    labels[5] = 7 // batch 8 on 4 threads: thread 2 has samples 4 and 5
    await expect(pool.trainStep(data.inputs, labels, 8, 1)).rejects.toThrow(
      /^training thread 2: lossAndGradient\(crossEntropy\): label 1 is 7, expected 0\.\.2$/,
    )
    const next = await pool.trainStep(data.inputs, data.labels, 8, 1)
    expect(Number.isFinite(next.loss)).toBe(true)
  })

  test('a second call before the first has finished is refused: it would overwrite the batch', async () => {
    const pool = await createPool()
    const data = randomDataset(convSpec, 8, 3, 2)
    const first = pool.trainStep(data.inputs, data.labels, 8, 1)
    const second = pool.evaluate(data.inputs, data.labels, 8, 8)
    await expect(second).rejects.toThrow('the previous call has not finished')
    await first
  })

  test('a thread that exits mid-step rejects the step instead of hanging, and later steps too', async () => {
    const pool = await createPool({ threads: 2, threadScript: exitingThread })
    const data = randomDataset(convSpec, 8, 3, 2)
    await expect(pool.trainStep(data.inputs, data.labels, 8, 1)).rejects.toThrow(
      /^training thread \d: the thread stopped unexpectedly \(exit code 7\)$/,
    )
    const later = pool.trainStep(data.inputs, data.labels, 8, 1)
    await expect(later).rejects.toThrow('a training thread failed earlier')
  })

  test('a thread that cannot start makes create reject with its error', async () => {
    const failing = { kind: 'code', code: `throw new Error('cannot build the replica')` } as const
    const creating = createPool({ threads: 2, threadScript: failing })
    await expect(creating).rejects.toThrow('cannot build the replica')
  })
})

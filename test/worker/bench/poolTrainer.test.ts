// The trainer the bench times really trains: on 1 and 2 threads it moves the weights exactly as the engine's
// single-threaded trainBatch with SGD (momentum 0.9, learning rate 0.01) does on the same synthetic batch.

import { afterEach, describe, expect, test } from 'vitest'
import { buildNetwork } from '../../../app/engine/network'
import { createOptimizer, DEFAULT_OPTIMIZER_SETTINGS } from '../../../app/engine/optim'
import { Random } from '../../../app/engine/random'
import { trainBatch } from '../../../app/engine/training'
import { BENCH_NETS, syntheticBatch } from '../../../worker/bench/benchNets'
import { poolTrainStepFactory } from '../../../worker/bench/poolTrainer'
import type { PoolTrainer } from '../../../worker/bench/poolTrainer'
import { maxRelativeDifference } from '../threads/poolFixtures'

const SEED = 5
const BATCH = 16
const STEPS = 3
const trainers: PoolTrainer[] = []

afterEach(async () => {
  await Promise.all(trainers.splice(0).map((trainer) => trainer.close?.()))
})

/** The reference: the engine on this thread, the batch the bench derives from seed + 1. */
function engineWeights(steps: number): Float32Array {
  const { spec } = BENCH_NETS[0]
  const network = buildNetwork(spec, new Random(SEED))
  const optimizer = createOptimizer(network.params(), { ...DEFAULT_OPTIMIZER_SETTINGS, momentum: 0.9 })
  const { inputs, labels } = syntheticBatch(spec.input, BATCH, SEED + 1)
  const stepper = { zeroGrad: () => optimizer.zeroGrad(), step: () => optimizer.step(0.01) }
  for (let step = 0; step < steps; step++) {
    trainBatch(network, stepper, inputs, labels, BATCH)
  }
  return network.getWeights()
}

describe('poolTrainStepFactory', () => {
  test.each([1, 2])('on %i thread(s) trains N1 as the engine does', async (threads) => {
    const trainer = await poolTrainStepFactory(BENCH_NETS[0], { threads, batchSize: BATCH, seed: SEED })
    trainers.push(trainer)
    // conv 5×5 1→8: 200 + 8; conv 5×5 8→16: 3200 + 16; dense 16·7·7 → 10: 7840 + 10
    expect(trainer.parameterCount).toBe(208 + 3216 + 7850)
    expect(trainer.pool.liveThreadCount()).toBe(threads === 1 ? 0 : threads)
    const initial = trainer.pool.weights().slice()
    expect(maxRelativeDifference(initial, engineWeights(0))).toBe(0)
    for (let step = 0; step < STEPS; step++) {
      await trainer.step()
    }
    const trained = trainer.pool.weights()
    expect(maxRelativeDifference(trained, initial)).toBeGreaterThan(1e-4) // it did move
    expect(maxRelativeDifference(trained, engineWeights(STEPS))).toBeLessThan(1e-5)
  })

  test('close stops the pool threads', async () => {
    const trainer = await poolTrainStepFactory(BENCH_NETS[0], { threads: 2, batchSize: BATCH, seed: SEED })
    expect(trainer.pool.liveThreadCount()).toBe(2)
    await trainer.close?.()
    expect(trainer.pool.liveThreadCount()).toBe(0)
  })
})

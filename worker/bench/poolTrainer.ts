// The trainer `cnn-studio bench` times: the trainer process's real TrainingPool (the batch split across
// node:worker_threads, gradients reduced in thread order; a pool of one runs on the calling thread) and the
// optimiser the Fashion-MNIST run uses (SGD, momentum 0.9, learning rate 0.01), stepping on one synthetic batch.
// Not here: timing or reporting (measure.ts, benchReport.ts).

import { createOptimizer, DEFAULT_OPTIMIZER_SETTINGS } from '../../app/engine/optim'
import { TrainingPool } from '../threads/trainingPool'
import { syntheticBatch } from './benchNets'
import type { BenchNet, BenchTrainer, TrainStepOptions } from './benchNets'

export const BENCH_LEARNING_RATE = 0.01
export const BENCH_MOMENTUM = 0.9

/** A BenchTrainer that also lends its pool, so a test can read the weights it trained. */
export type PoolTrainer = BenchTrainer & Readonly<{ pool: TrainingPool }>

/** A TrainStepFactory: one step = TrainingPool.trainStep on the synthetic batch, then one SGD-momentum step. */
export async function poolTrainStepFactory(net: BenchNet, options: TrainStepOptions): Promise<PoolTrainer> {
  const { threads, batchSize, seed } = options
  const pool = await TrainingPool.create({
    spec: net.spec,
    seed,
    threads,
    maxBatchSize: batchSize,
    lossKind: 'crossEntropy',
  })
  const optimizer = createOptimizer(pool.params(), {
    ...DEFAULT_OPTIMIZER_SETTINGS,
    kind: 'sgd',
    momentum: BENCH_MOMENTUM,
  })
  const { inputs, labels } = syntheticBatch(net.spec.input, batchSize, seed + 1)
  let stepSeed = 0
  return {
    pool,
    parameterCount: pool.weights().length,
    step: async () => {
      // trainStep overwrites the gradients (no zeroGrad needed); each step gets its own seed, as in a real run.
      await pool.trainStep(inputs, labels, batchSize, stepSeed++)
      optimizer.step(BENCH_LEARNING_RATE)
    },
    close: () => pool.dispose(),
  }
}

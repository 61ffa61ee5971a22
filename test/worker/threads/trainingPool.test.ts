import { afterEach, describe, expect, test } from 'vitest'
import type { LossKind } from '../../../app/engine/loss'
import { buildNetwork } from '../../../app/engine/network'
import { Sgd } from '../../../app/engine/optim/sgd'
import { Random } from '../../../app/engine/random'
import { concatenate } from '../../../app/engine/tensor'
import { evaluateBatches } from '../../../app/engine/training'
import type { NetworkSpec } from '../../../app/model/networkSpec'
import { TrainingPool, shardTasks } from '../../../worker/threads/trainingPool'
import {
  batchAt,
  batchNormSpec,
  convSpec,
  expectBitIdentical,
  maxRelativeDifference,
  randomDataset,
  referenceGradients,
} from './poolFixtures'

const SEED = 11
const pools: TrainingPool[] = []

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.dispose()))
})

async function createPool(
  spec: NetworkSpec,
  threads: number,
  maxBatchSize = 32,
  lossKind: LossKind = 'crossEntropy',
): Promise<TrainingPool> {
  const pool = await TrainingPool.create({ spec, seed: SEED, threads, maxBatchSize, lossKind })
  pools.push(pool)
  return pool
}

const settings = { momentum: 0.9, nesterov: false, weightDecay: 1e-3 }

/** `steps` steps of SGD with momentum on a pool; returns copies of the weights and state afterwards. */
async function trainWithPool(spec: NetworkSpec, threads: number, steps: number, batchSize: number) {
  const data = randomDataset(spec, 64, 3, 5)
  const pool = await createPool(spec, threads)
  const optimizer = new Sgd(pool.params(), settings)
  const losses: number[] = []
  for (let step = 0; step < steps; step++) {
    const batch = batchAt(data, spec, step, batchSize)
    const { loss } = await pool.trainStep(batch.inputs, batch.labels, batchSize, 1000 + step)
    optimizer.step(0.05)
    losses.push(loss)
  }
  const result = { weights: pool.weights().slice(), state: pool.state().slice(), losses }
  await pool.dispose()
  return result
}

describe('shardTasks', () => {
  test('cuts a batch into contiguous shards, larger first, covering every sample once', () => {
    expect(shardTasks(true, 10, 4, 7).map(({ sampleOffset, count }) => [sampleOffset, count])).toEqual([
      [0, 3],
      [3, 3],
      [6, 2],
      [8, 2],
    ])
    const small = shardTasks(false, 3, 4, 0)
    expect(small.map((task) => task.count)).toEqual([1, 1, 1])
    expect(small.every((task) => task.participants === 3 && task.batchSize === 3)).toBe(true)
  })
})

describe('TrainingPool', () => {
  test('a pool of one computes exactly what the engine computes on its own', async () => {
    const steps = 5
    const batchSize = 16
    const data = randomDataset(convSpec, 64, 3, 5)
    const network = buildNetwork(convSpec, new Random(SEED))
    const optimizer = new Sgd(network.params(), settings)
    const expectedLosses: number[] = []
    for (let step = 0; step < steps; step++) {
      expectedLosses.push(referenceGradients(network, batchAt(data, convSpec, step, batchSize)).loss)
      optimizer.step(0.05)
    }
    const pooled = await trainWithPool(convSpec, 1, steps, batchSize)
    expectBitIdentical(pooled.weights, concatenate(network.params().map((param) => param.value)))
    expect(pooled.losses).toEqual(expectedLosses)
  })

  test('gradients of an uneven split (batch 10 on 4 threads) equal the single-threaded network’s', async () => {
    const data = randomDataset(convSpec, 10, 3, 9)
    const network = buildNetwork(convSpec, new Random(SEED))
    const expected = referenceGradients(network, data)
    const pool = await createPool(convSpec, 4)
    const result = await pool.trainStep(data.inputs, data.labels, 10, 1)
    expect(result.correct).toBe(expected.correct)
    expect(Math.abs(result.loss - expected.loss)).toBeLessThan(1e-6 * Math.abs(expected.loss))
    const expectedGrads = concatenate(network.params().map((param) => param.grad))
    const pooledGrads = concatenate(pool.params().map((param) => param.grad))
    expect(maxRelativeDifference(pooledGrads, expectedGrads)).toBeLessThan(1e-5)
    // The Params the optimiser gets are views on the shared weights, not copies.
    expect(pool.params()[0].value.buffer).toBe(pool.weights().buffer)
  })

  test('gradients are overwritten each step, not accumulated', async () => {
    const data = randomDataset(convSpec, 8, 3, 4)
    const pool = await createPool(convSpec, 2)
    await pool.trainStep(data.inputs, data.labels, 8, 1)
    const first = concatenate(pool.params().map((param) => param.grad))
    await pool.trainStep(data.inputs, data.labels, 8, 1)
    expectBitIdentical(concatenate(pool.params().map((param) => param.grad)), first)
  })

  test('20 seeded steps give the same weights on 1, 2 and 4 threads, and repeat bit for bit', async () => {
    const one = await trainWithPool(convSpec, 1, 20, 24)
    const two = await trainWithPool(convSpec, 2, 20, 24)
    const four = await trainWithPool(convSpec, 4, 20, 24)
    expect(maxRelativeDifference(two.weights, one.weights)).toBeLessThan(1e-5)
    expect(maxRelativeDifference(four.weights, one.weights)).toBeLessThan(1e-5)
    // The run really moved the weights (the comparison above would pass trivially otherwise).
    expect(maxRelativeDifference(one.weights, await initialWeights(convSpec))).toBeGreaterThan(1e-2)
    expectBitIdentical((await trainWithPool(convSpec, 2, 20, 24)).weights, two.weights)
    expectBitIdentical((await trainWithPool(convSpec, 4, 20, 24)).weights, four.weights)
  })

  test('batch norm and dropout: the same weights and running statistics on 1, 2 and 4 threads', async () => {
    const one = await trainWithPool(batchNormSpec, 1, 20, 24)
    const two = await trainWithPool(batchNormSpec, 2, 20, 24)
    const four = await trainWithPool(batchNormSpec, 4, 20, 24)
    for (const other of [two, four]) {
      expect(maxRelativeDifference(other.weights, one.weights)).toBeLessThan(1e-5)
      expect(maxRelativeDifference(other.state, one.state)).toBeLessThan(1e-5)
    }
    const initial = buildNetwork(batchNormSpec, new Random(SEED))
    expect(maxRelativeDifference(one.state, initial.getState())).toBeGreaterThan(1e-2) // the statistics moved
    expectBitIdentical((await trainWithPool(batchNormSpec, 4, 20, 24)).weights, four.weights)
  })

  test('batch-norm and dropout gradients of a sharded step equal the single-threaded network’s', async () => {
    const data = randomDataset(batchNormSpec, 10, 3, 6)
    const network = buildNetwork(batchNormSpec, new Random(SEED))
    const expected = referenceGradients(network, data, 42)
    const pool = await createPool(batchNormSpec, 4)
    const result = await pool.trainStep(data.inputs, data.labels, 10, 42)
    expect(Math.abs(result.loss - expected.loss)).toBeLessThan(1e-5 * Math.abs(expected.loss))
    const expectedGrads = concatenate(network.params().map((param) => param.grad))
    const pooledGrads = concatenate(pool.params().map((param) => param.grad))
    expect(maxRelativeDifference(pooledGrads, expectedGrads)).toBeLessThan(1e-5)
    expect(maxRelativeDifference(pool.state(), network.getState())).toBeLessThan(1e-5)
  })

  test('mean squared error: the sharded gradients equal the single-threaded network’s', async () => {
    const data = randomDataset(convSpec, 12, 3, 3)
    const network = buildNetwork(convSpec, new Random(SEED))
    const expected = referenceGradients(network, data, 0, 'mse')
    const pool = await createPool(convSpec, 3, 32, 'mse')
    const result = await pool.trainStep(data.inputs, data.labels, 12, 0)
    expect(Math.abs(result.loss - expected.loss)).toBeLessThan(1e-6 * expected.loss)
    const expectedGrads = concatenate(network.params().map((param) => param.grad))
    const pooledGrads = concatenate(pool.params().map((param) => param.grad))
    expect(maxRelativeDifference(pooledGrads, expectedGrads)).toBeLessThan(1e-5)
  })

  test('evaluate runs inference on the shared weights and statistics, as the engine does', async () => {
    const pool = await createPool(batchNormSpec, 4, 8)
    const optimizer = new Sgd(pool.params(), settings)
    const data = randomDataset(batchNormSpec, 23, 3, 8)
    for (let step = 0; step < 3; step++) {
      await pool.trainStep(data.inputs, data.labels, 8, step)
      optimizer.step(0.05)
    }
    const network = buildNetwork(batchNormSpec, new Random(SEED))
    network.setWeights(pool.weights())
    network.setState(pool.state())
    const expected = evaluateBatches(network, data.inputs, data.labels, 23, 23)
    // batchSize 10 is capped at the pool's maxBatchSize 8: batches of 8, 8 and 7, each on 4 threads
    const result = await pool.evaluate(data.inputs, data.labels, 23, 10)
    expect(result.correct).toBe(Math.round(expected.accuracy * 23))
    expect(Math.abs(result.lossSum / 23 - expected.loss)).toBeLessThan(1e-6 * expected.loss)
    expect(await pool.evaluate(data.inputs, data.labels, 0, 10)).toEqual({ lossSum: 0, correct: 0 })
  })
})

async function initialWeights(spec: NetworkSpec): Promise<Float32Array> {
  return buildNetwork(spec, new Random(SEED)).getWeights()
}

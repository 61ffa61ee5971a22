// A batch split into shards (as the thread pool will run it) must give what the whole batch gives on one shard:
// the same logits, losses and running statistics, and parameter gradients that add up to the whole batch's.
// Batch norm is the hard part: its statistics come from context.allReduceSum. The shards here run one after the
// other in this thread, so the all-reduce is simulated by replay: each pass sums the shard's own values with the
// other shards' values from the previous pass, until no value changes (one more pass per all-reduce call).

import { expect, test } from 'vitest'
import type { ForwardContext } from '../../../app/engine/layer'
import { singleShardContext } from '../../../app/engine/layer'
import { lossAndGradient } from '../../../app/engine/loss'
import { buildNetwork } from '../../../app/engine/network'
import type { Network } from '../../../app/engine/network'
import { Random } from '../../../app/engine/random'
import type { NetworkSpec } from '../../../app/model/networkSpec'
import { expectClose, randomArray } from './testUtils'

const SPEC: NetworkSpec = {
  name: 'shards',
  input: { height: 6, width: 6, channels: 2 },
  layers: [
    { kind: 'conv', filters: 4, kernelSize: 3, pad: 'same', bias: false, id: 'stem' },
    { kind: 'batchNorm' },
    { kind: 'relu' },
    { kind: 'dropout', rate: 0.25 },
    { kind: 'conv', filters: 6, kernelSize: 3, stride: 2, pad: 1 },
    { kind: 'batchNorm', momentum: 0.3 },
    { kind: 'add', from: 'stem' },
    { kind: 'relu' },
    { kind: 'globalAvgPool' },
    { kind: 'dropout', rate: 0.5 },
    { kind: 'dense', units: 3 },
    { kind: 'softmax' },
  ],
}
const SAMPLE = 6 * 6 * 2
const STEP_SEED = 4242

type ShardResult = {
  logits: Float32Array
  loss: number
  grads: Float32Array
  state: Float32Array
  dInput: Float32Array
}

function step(network: Network, input: Float32Array, labels: number[], context: ForwardContext): ShardResult {
  const N = labels.length
  const K = network.classCount
  network.zeroGrad()
  const logits = Float32Array.from(network.forward(input, N, context))
  const dLogits = new Float32Array(N * K)
  const probabilities = new Float32Array(N * K)
  const loss = lossAndGradient('crossEntropy', probabilities, dLogits, logits, labels, N, K, context.totalBatchSize)
  const dInput = Float32Array.from(network.backward(dLogits, context))
  const grads = Float32Array.from(network.params().flatMap((param) => Array.from(param.grad)))
  return { logits, loss, grads, state: network.getState(), dInput }
}

/** Runs the shards with a replayed all-reduce until it is consistent; returns each shard's result. */
function runShards(networks: Network[], inputs: Float32Array[], labels: number[][]): ShardResult[] {
  const total = labels.reduce((sum, shard) => sum + shard.length, 0)
  const initialState = networks[0].getState()
  let recorded: Float64Array[][] = networks.map(() => [])
  for (let pass = 0; pass < 20; pass++) {
    const seen: Float64Array[][] = networks.map(() => [])
    const results = networks.map((network, shard) => {
      network.setState(initialState)
      let call = 0
      const context: ForwardContext = {
        isTraining: true,
        sampleOffset: labels.slice(0, shard).reduce((sum, rows) => sum + rows.length, 0),
        totalBatchSize: total,
        stepSeed: STEP_SEED,
        isPrimary: shard === 0,
        allReduceSum(values) {
          seen[shard].push(Float64Array.from(values))
          const sum = new Float64Array(values.length)
          networks.forEach((_, other) => {
            const part = other === shard ? seen[shard][call] : recorded[other][call]
            part?.forEach((value, i) => (sum[i] += value))
          })
          values.set(sum)
          call++
        },
      }
      return step(network, inputs[shard], labels[shard], context)
    })
    const isSettled = seen.every((calls, shard) =>
      calls.every((values, call) => recorded[shard][call]?.every((value, i) => value === values[i])),
    )
    if (isSettled) {
      return results
    }
    recorded = seen
  }
  throw new Error('runShards: the replayed all-reduce did not settle')
}

test.each([
  [[8], 'one shard'],
  [[3, 5], 'two uneven shards'],
  [[2, 2, 2, 2], 'four shards'],
])('a batch of 8 split as %j (%s) gives the whole batch result', (sizes) => {
  const input = randomArray(8 * SAMPLE, 1)
  const labels = [0, 1, 2, 0, 1, 2, 0, 1]
  const whole = step(buildNetwork(SPEC, new Random(7)), input, labels, singleShardContext(8, true, STEP_SEED))

  let offset = 0
  const shardInputs: Float32Array[] = []
  const shardLabels: number[][] = []
  for (const size of sizes) {
    shardInputs.push(input.subarray(offset * SAMPLE, (offset + size) * SAMPLE))
    shardLabels.push(labels.slice(offset, offset + size))
    offset += size
  }
  const networks = sizes.map(() => buildNetwork(SPEC, new Random(7)))
  const shards = runShards(networks, shardInputs, shardLabels)

  const tolerance = { atol: 1e-6, rtol: 1e-4 }
  expectClose(Float32Array.from(shards.flatMap((shard) => Array.from(shard.logits))), whole.logits, tolerance)
  expectClose(Float32Array.from(shards.flatMap((shard) => Array.from(shard.dInput))), whole.dInput, tolerance)
  expect(shards.reduce((sum, shard) => sum + shard.loss, 0)).toBeCloseTo(whole.loss, 5)
  const summed = new Float32Array(whole.grads.length)
  shards.forEach((shard) => shard.grads.forEach((value, i) => (summed[i] += value)))
  expectClose(summed, whole.grads, tolerance)
  expectClose(shards[0].state, whole.state, tolerance)
  expect(whole.grads.some((value) => value !== 0)).toBe(true)
})

test('dropout masks follow the step seed: another seed drops other values', () => {
  const input = randomArray(4 * SAMPLE, 2)
  const network = buildNetwork(SPEC, new Random(8))
  const logits = (seed: number) => Float32Array.from(network.forward(input, 4, singleShardContext(4, true, seed)))
  expect(logits(1)).toEqual(logits(1))
  expect(logits(1)).not.toEqual(logits(2))
})

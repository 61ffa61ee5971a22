// One shard's share of a step: the network replica that a pool thread (or, with one thread, the pool itself)
// runs on its contiguous slice of the shared batch. The replica's weights, gradients and state are views on the
// pool's SharedArrayBuffers (Network.bindBuffers): building it copies nothing; it sees the optimiser's updates.
// Not here: splitting the batch or reducing gradients (trainingPool.ts), messaging (trainingThread.ts).

import { buildNetwork } from '../../app/engine/network'
import type { Network } from '../../app/engine/network'
import type { ForwardContext } from '../../app/engine/layer'
import { lossAndGradient } from '../../app/engine/loss'
import type { LossKind } from '../../app/engine/loss'
import { Random } from '../../app/engine/random'
import { ScratchBuffer } from '../../app/engine/tensor'
import { countCorrect } from '../../app/engine/training'
import type { NetworkSpec } from '../../app/model/networkSpec'
import { ShardBarrier, abortBarrier } from './barrier'
import { poolViews, synchronize, threadGradients } from './sharedBuffers'
import type { PoolBuffers, PoolLayout, PoolViews } from './sharedBuffers'

/** What a replica is built from; crosses to a thread as workerData (structured clone, buffers shared). */
export type ReplicaInit = Readonly<{
  spec: NetworkSpec
  seed: number
  lossKind: LossKind
  threadIndex: number
  layout: PoolLayout
  buffers: PoolBuffers
}>

/** One shard of one pass: samples sampleOffset..sampleOffset+count−1 of a batch of batchSize. */
export type ShardTask = Readonly<{
  isTraining: boolean
  batchSize: number
  sampleOffset: number
  count: number
  /** Threads 0..participants−1 have samples in this pass; they alone meet at the barrier. */
  participants: number
  stepSeed: number
}>

/** The shard's share of the pass's mean loss (shares add up to it) and its correct top-1 predictions. */
export type ShardResult = Readonly<{ loss: number; correct: number }>

export class ShardReplica {
  private readonly network: Network
  private readonly views: PoolViews
  private readonly grads: Float32Array
  private readonly barrier: ShardBarrier
  private readonly probabilities = new ScratchBuffer()
  private readonly dLogits = new ScratchBuffer()

  constructor(private readonly init: ReplicaInit) {
    const { spec, seed, threadIndex, layout, buffers } = init
    // Same seed as the pool's own network: the initial values are the same anyway, and bindBuffers drops them.
    this.network = buildNetwork(spec, new Random(seed))
    const valueCount = this.network.valueCount()
    const stateCount = this.network.stateCount()
    if (valueCount !== layout.valueCount || stateCount !== layout.stateCount) {
      throw new Error(
        `ShardReplica ${threadIndex}: the network has ${valueCount} values and ${stateCount} state values, ` +
          `the pool's buffers ${layout.valueCount} and ${layout.stateCount}`,
      )
    }
    this.views = poolViews(buffers)
    this.grads = threadGradients(buffers, valueCount, threadIndex)
    this.network.bindBuffers({ values: this.views.values, grads: this.grads, state: this.views.state })
    this.barrier = new ShardBarrier(this.views.control, this.views.scratch, threadIndex)
  }

  /** Forward over the shard and, in training, backward into this thread's own gradient slice (overwritten). */
  run(task: ShardTask): ShardResult {
    const { isTraining, batchSize, sampleOffset, count, participants, stepSeed } = task
    synchronize(this.views.control)
    const { sampleSize } = this.init.layout
    const { threadIndex, lossKind } = this.init
    const inputs = this.views.inputs.subarray(sampleOffset * sampleSize, (sampleOffset + count) * sampleSize)
    const labels = this.views.labels.subarray(sampleOffset, sampleOffset + count)
    const context: ForwardContext = {
      isTraining,
      sampleOffset,
      totalBatchSize: batchSize,
      stepSeed,
      allReduceSum: (values) => this.barrier.allReduceSum(values, participants),
      isPrimary: threadIndex === 0,
    }
    const K = this.network.classCount
    const logits = this.network.forward(inputs, count, context)
    const dLogits = this.dLogits.view(count * K)
    const probabilities = this.probabilities.view(count * K)
    // Means over the whole batch, so the shards' losses and gradients simply add.
    const loss = lossAndGradient(lossKind, probabilities, dLogits, logits, labels, count, K, batchSize)
    const correct = countCorrect(logits, labels, count, K)
    if (isTraining) {
      this.grads.fill(0)
      this.network.backward(dLogits, context)
    }
    synchronize(this.views.control)
    return { loss, correct }
  }

  /** Releases every thread waiting at the barrier with an error; called by a thread whose run failed. */
  abort(): void {
    abortBarrier(this.views.control)
  }
}

// Data-parallel training inside the trainer process: each thread runs a replica of the network on a contiguous
// shard of the batch, with the weights in one SharedArrayBuffer that all threads read and each thread's
// gradients in its own slice; the pool then adds the slices in fixed thread order into the gradients the
// optimiser sees. That order makes a repeated run bit-identical; 1, 2 or 4 threads agree to float rounding.
// Not here: the optimiser (the caller steps it on params()), data loading, epochs (the trainer session).

import { availableParallelism } from 'node:os'
import { buildNetwork } from '../../app/engine/network'
import type { Param } from '../../app/engine/layer'
import { LOSS_KINDS } from '../../app/engine/loss'
import type { LossKind } from '../../app/engine/loss'
import { Random } from '../../app/engine/random'
import { sampleSize } from '../../app/engine/tensor'
import type { NetworkSpec } from '../../app/model/networkSpec'
import { expectInteger, expectOneOf } from '../../app/protocol/validate'
import { InlineExecutor, ThreadExecutor } from './shardExecutor'
import type { ShardExecutor } from './shardExecutor'
import type { ShardResult, ShardTask } from './shardReplica'
import { allocatePoolBuffers, poolViews, synchronize } from './sharedBuffers'
import type { PoolBuffers, PoolLayout, PoolViews } from './sharedBuffers'
import { defaultThreadScript } from './threadScript'
import type { ThreadScript } from './threadScript'

export const MAX_THREADS = 256

export type TrainingPoolOptions = Readonly<{
  spec: NetworkSpec
  /** Seeds the initial weights exactly as buildNetwork(spec, new Random(seed)) does. */
  seed: number
  /** Default: the machine's core count (os.availableParallelism()). 1 runs on the calling thread. */
  threads?: number
  maxBatchSize: number
  lossKind: LossKind
  /** Where the threads' code comes from: defaultThreadScript() unless a test or another host says otherwise. */
  threadScript?: ThreadScript
}>

export function defaultThreadCount(): number {
  return availableParallelism()
}

/** Contiguous shards, larger first: batch 10 on 4 threads is 3, 3, 2, 2; a thread without samples gets none. */
export function shardTasks(
  isTraining: boolean,
  batchSize: number,
  threads: number,
  stepSeed: number,
): ShardTask[] {
  const participants = Math.min(threads, batchSize)
  const base = Math.floor(batchSize / participants)
  const extra = batchSize % participants
  return Array.from({ length: participants }, (_, t) => ({
    isTraining,
    batchSize,
    sampleOffset: t * base + Math.min(t, extra),
    count: base + (t < extra ? 1 : 0),
    participants,
    stepSeed,
  }))
}

export class TrainingPool {
  private isDisposed = false
  /** A pass is running: the shared batch buffer is in use. */
  private isBusy = false

  private constructor(
    readonly threads: number,
    private readonly layout: PoolLayout,
    private readonly buffers: PoolBuffers,
    private readonly views: PoolViews,
    private readonly reducedGrads: Float32Array,
    private readonly allParams: readonly Param[],
    private readonly executor: ShardExecutor,
  ) {}

  static async create(options: TrainingPoolOptions): Promise<TrainingPool> {
    const { spec, seed } = options
    const threadCount = options.threads ?? defaultThreadCount()
    const threads = expectInteger(threadCount, 'TrainingPool threads', 1, MAX_THREADS)
    const maxBatchSize = expectInteger(options.maxBatchSize, 'TrainingPool maxBatchSize', 1, 1 << 20)
    const lossKind = expectOneOf(options.lossKind, 'TrainingPool lossKind', LOSS_KINDS)
    expectInteger(seed, 'TrainingPool seed', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)
    // The pool's own network only lends its Params (values on the shared weights, grads on the reduced ones).
    const network = buildNetwork(spec, new Random(seed))
    const layout: PoolLayout = {
      threads,
      valueCount: network.valueCount(),
      stateCount: network.stateCount(),
      sampleSize: sampleSize(spec.input),
      maxBatchSize,
    }
    const buffers = allocatePoolBuffers(layout)
    const views = poolViews(buffers)
    views.values.set(network.getWeights())
    views.state.set(network.getState())
    const reducedGrads = new Float32Array(layout.valueCount)
    network.bindBuffers({ values: views.values, grads: reducedGrads, state: views.state })
    const inits = Array.from({ length: threads }, (_, threadIndex) => ({
      spec,
      seed,
      lossKind,
      threadIndex,
      layout,
      buffers,
    }))
    const executor =
      threads === 1
        ? new InlineExecutor(inits[0])
        : await ThreadExecutor.start(
            options.threadScript ?? (await defaultThreadScript()),
            inits,
            views.control,
          )
    return new TrainingPool(threads, layout, buffers, views, reducedGrads, network.params(), executor)
  }

  /** The shared weights, all params concatenated in params() order; the optimiser updates them in place. */
  weights(): Float32Array {
    return this.views.values
  }

  /** The shared state buffers (batch-norm running statistics), concatenated in Network.state() order. */
  state(): Float32Array {
    return this.views.state
  }

  /** value = a view on the shared weights, grad = the reduced gradient; give these to the optimiser. */
  params(): readonly Param[] {
    return this.allParams
  }

  /** Threads started and not exited; 0 for a pool of one, which uses none. */
  liveThreadCount(): number {
    return this.executor.liveThreadCount()
  }

  /**
   * Forward and backward of a batch on all threads, then params()[i].grad = Σ over threads (in order) of
   * their gradients: overwritten, not accumulated. Returns the batch's mean loss and correct count.
   */
  async trainStep(
    inputs: Float32Array,
    labels: Int32Array,
    batchSize: number,
    stepSeed: number,
  ): Promise<{ loss: number; correct: number }> {
    const { MIN_SAFE_INTEGER, MAX_SAFE_INTEGER } = Number
    expectInteger(stepSeed, 'TrainingPool.trainStep stepSeed', MIN_SAFE_INTEGER, MAX_SAFE_INTEGER)
    return this.exclusively('trainStep', async () => {
      this.fillBatch('trainStep', inputs, labels, 0, batchSize)
      const results = await this.runPass(shardTasks(true, batchSize, this.threads, stepSeed))
      this.reduceGradients(results.length)
      return sumResults(results)
    })
  }

  /** Inference over the first `count` samples of inputs, in batches of at most batchSize, sharded. */
  async evaluate(
    inputs: Float32Array,
    labels: Int32Array,
    count: number,
    batchSize: number,
  ): Promise<{ lossSum: number; correct: number }> {
    expectInteger(count, 'TrainingPool.evaluate count', 0, Number.MAX_SAFE_INTEGER)
    expectInteger(batchSize, 'TrainingPool.evaluate batchSize', 1, Number.MAX_SAFE_INTEGER)
    const chunk = Math.min(batchSize, this.layout.maxBatchSize)
    return this.exclusively('evaluate', async () => {
      let lossSum = 0
      let correct = 0
      for (let start = 0; start < count; start += chunk) {
        const n = Math.min(chunk, count - start)
        this.fillBatch('evaluate', inputs, labels, start, n)
        const total = sumResults(await this.runPass(shardTasks(false, n, this.threads, 0)))
        lossSum += total.loss * n
        correct += total.correct
      }
      return { lossSum, correct }
    })
  }

  /** Stops every thread and waits until they have exited. The pool cannot be used afterwards. */
  async dispose(): Promise<void> {
    this.isDisposed = true
    await this.executor.dispose()
  }

  /** Runs one call's passes with the batch buffer to itself; a second call meanwhile is a caller's bug. */
  private async exclusively<T>(where: string, body: () => Promise<T>): Promise<T> {
    if (this.isDisposed) {
      throw new Error(`TrainingPool.${where}: the pool is disposed`)
    }
    if (this.isBusy) {
      throw new Error(`TrainingPool.${where}: the previous call has not finished; await it first`)
    }
    this.isBusy = true
    try {
      return await body()
    } finally {
      this.isBusy = false
    }
  }

  /** Copies samples start..start+count−1 into the shared batch. */
  private fillBatch(
    where: string,
    inputs: Float32Array,
    labels: Int32Array,
    start: number,
    count: number,
  ): void {
    const { sampleSize: size, maxBatchSize } = this.layout
    expectInteger(count, `TrainingPool.${where} batch size`, 1, maxBatchSize)
    const end = start + count
    if (inputs.length < end * size || labels.length < end) {
      throw new Error(
        `TrainingPool.${where}: samples ${start}..${end - 1} need ${end * size} inputs and ${end} labels, ` +
          `got ${inputs.length} and ${labels.length}`,
      )
    }
    this.views.inputs.set(inputs.subarray(start * size, (start + count) * size))
    this.views.labels.set(labels.subarray(start, start + count))
  }

  private async runPass(tasks: readonly ShardTask[]): Promise<ShardResult[]> {
    synchronize(this.views.control)
    const results = await this.executor.run(tasks)
    synchronize(this.views.control)
    return results
  }

  /** reduced = slice 0 + slice 1 + … in thread order: the fixed order that makes runs repeat bit for bit. */
  private reduceGradients(participants: number): void {
    const reduced = this.reducedGrads
    const { valueCount } = this.layout
    const bytes = valueCount * Float32Array.BYTES_PER_ELEMENT
    reduced.set(new Float32Array(this.buffers.grads, 0, valueCount))
    for (let t = 1; t < participants; t++) {
      const slice = new Float32Array(this.buffers.grads, t * bytes, valueCount)
      for (let i = 0; i < valueCount; i++) {
        reduced[i] += slice[i]
      }
    }
  }
}

/** The pass's mean loss and correct count: the shards' shares added in thread order. */
function sumResults(results: readonly ShardResult[]): ShardResult {
  let loss = 0
  let correct = 0
  for (const result of results) {
    loss += result.loss
    correct += result.correct
  }
  return { loss, correct }
}

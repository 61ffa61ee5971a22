// The SharedArrayBuffers of one training pool and the views each side takes on them. Every thread sees the same
// weights, state, batch and control words; each thread writes only its own gradient slice and scratch slot, so
// no two threads ever write the same memory (ARCHITECTURE.md, "threads write disjoint memory").
// Not here: what runs on the buffers (shardReplica.ts) or how threads wait for each other (barrier.ts).

/** Sizes the buffers are cut to; fixed for the pool's life. */
export type PoolLayout = Readonly<{
  threads: number
  /** Network.valueCount(): all parameter values, params() order. */
  valueCount: number
  /** Network.stateCount(): all state buffers (batch-norm running statistics), state() order. */
  stateCount: number
  /** Values of one input sample (C*H*W). */
  sampleSize: number
  maxBatchSize: number
}>

export type PoolBuffers = Readonly<{
  /** Float32 × valueCount: the weights, read by every thread, written by the optimiser between steps. */
  values: SharedArrayBuffer
  /** Float32 × threads × valueCount: thread t accumulates into slice t only. */
  grads: SharedArrayBuffer
  /** Float32 × stateCount: running statistics, written by the primary shard only. */
  state: SharedArrayBuffer
  /** Float32 × maxBatchSize × sampleSize and Int32 × maxBatchSize: the current batch, filled by the pool. */
  inputs: SharedArrayBuffer
  labels: SharedArrayBuffer
  /** Int32 × CONTROL_WORDS: the barrier's generation, arrivals and abort flag (barrier.ts). */
  control: SharedArrayBuffer
  /** Float64 × threads × SCRATCH_SLOT: per-thread slots of allReduceSum. */
  scratch: SharedArrayBuffer
}>

/** Indices into the control words. */
export const CONTROL = { generation: 0, arrived: 1, aborted: 2, dispatch: 3 } as const
const CONTROL_WORDS = 4

/** Doubles per thread per allReduceSum round; a longer array goes through in several rounds. */
export const SCRATCH_SLOT = 4096

const FLOAT32 = Float32Array.BYTES_PER_ELEMENT

export function allocatePoolBuffers(layout: PoolLayout): PoolBuffers {
  const { threads, valueCount, stateCount, sampleSize, maxBatchSize } = layout
  return {
    values: new SharedArrayBuffer(valueCount * FLOAT32),
    grads: new SharedArrayBuffer(threads * valueCount * FLOAT32),
    state: new SharedArrayBuffer(stateCount * FLOAT32),
    inputs: new SharedArrayBuffer(maxBatchSize * sampleSize * FLOAT32),
    labels: new SharedArrayBuffer(maxBatchSize * Int32Array.BYTES_PER_ELEMENT),
    control: new SharedArrayBuffer(CONTROL_WORDS * Int32Array.BYTES_PER_ELEMENT),
    scratch: new SharedArrayBuffer(threads * SCRATCH_SLOT * Float64Array.BYTES_PER_ELEMENT),
  }
}

/** Typed views on the buffers; cheap to make, so each side makes its own. */
export type PoolViews = Readonly<{
  values: Float32Array
  state: Float32Array
  inputs: Float32Array
  labels: Int32Array
  control: Int32Array
  scratch: Float64Array
}>

export function poolViews(buffers: PoolBuffers): PoolViews {
  return {
    values: new Float32Array(buffers.values),
    state: new Float32Array(buffers.state),
    inputs: new Float32Array(buffers.inputs),
    labels: new Int32Array(buffers.labels),
    control: new Int32Array(buffers.control),
    scratch: new Float64Array(buffers.scratch),
  }
}

/**
 * A read-modify-write on a control word, made on both sides of every hand-over (pool → threads when a pass
 * starts, threads → pool when it ends): it orders the plain writes to the shared batch, weights and gradients
 * before the hand-over with the reads after it, whatever the message channel itself guarantees.
 */
export function synchronize(control: Int32Array): void {
  Atomics.add(control, CONTROL.dispatch, 1)
}

/** Thread t's gradient slice: the only gradient memory that thread writes. */
export function threadGradients(buffers: PoolBuffers, valueCount: number, threadIndex: number): Float32Array {
  return new Float32Array(buffers.grads, threadIndex * valueCount * FLOAT32, valueCount)
}

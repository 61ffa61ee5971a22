// The contract every layer of the engine keeps; the network and the optimisers see nothing else.
//
// Gradient convention (the same in every kernel): backward ACCUMULATES (+=) into Param.grad, so gradients from
// several backward passes add up; zeroing them is the optimiser's job (zeroGrad). The dInput a layer returns is
// its own scratch buffer, zeroed by the layer before its kernel accumulates into it.
//
// A layer keeps what backward needs from its last forward (usually a reference to its input, not a copy), so
// call backward before the next forward and do not change the input in between. Layers read Param.value/grad
// and StateBuffer.value through the objects at every call and never keep the arrays: Network.bindBuffers
// re-points them at shared memory.

import type { TensorShape } from '../model/networkSpec'

/** One trainable array and its gradient, same length. Optimisers and checkpoints work on these. */
export type Param = {
  /** Stable and unique within a network, e.g. "layers.0.weights"; checkpoints and export refer to it. */
  name: string
  value: Float32Array
  grad: Float32Array
  /** Whether weight decay applies: true for conv/dense weights, false for biases and batch-norm scale/shift. */
  decay?: boolean
}

/** Non-trainable state saved with the weights (batch norm's running mean and variance). */
export type StateBuffer = { name: string; value: Float32Array }

/**
 * What a forward or backward pass needs to know beyond its input. With several threads, each runs the network
 * on one shard of the batch; these fields make the result independent of how the batch was split.
 */
export type ForwardContext = Readonly<{
  /** Training mode: batch norm uses batch statistics, dropout drops. Inference otherwise. */
  isTraining: boolean
  /** Index of this shard's first sample within the whole batch. */
  sampleOffset: number
  /** Size of the whole batch (all shards): losses and gradients are means over it. */
  totalBatchSize: number
  /** Seed of this step's randomness; dropout masks hash (stepSeed, layer, global sample index, unit). */
  stepSeed: number
  /** Sums `values` element-wise over all shards, in shard order, in place (batch-norm statistics). */
  allReduceSum(values: Float64Array): void
  /** Only the primary shard writes state buffers (running statistics), so threads write disjoint memory. */
  isPrimary: boolean
}>

/** The context of a pass over a whole batch on one thread. */
export function singleShardContext(batchSize: number, isTraining: boolean, stepSeed = 0): ForwardContext {
  return {
    isTraining,
    sampleOffset: 0,
    totalBatchSize: batchSize,
    stepSeed,
    allReduceSum: () => {},
    isPrimary: true,
  }
}

export interface Layer {
  /** The spec kind this layer was built from ('conv', 'relu', ...). */
  readonly kind: string
  /** One sample's shape in and out; a batch is N of these, NCHW (see tensor.ts). */
  readonly inputShape: TensorShape
  readonly outputShape: TensorShape
  /** input is (N, inputShape); returns (N, outputShape). The returned buffer is reused by the next call. */
  forward(input: Float32Array, batchSize: number, context: ForwardContext): Float32Array
  /**
   * dOutput is (N, outputShape) for the last forward's N; accumulates param grads and returns dInput (a buffer
   * reused by the next call, or dOutput itself for a reshape). context is the one the forward pass had.
   */
  backward(dOutput: Float32Array, context: ForwardContext): Float32Array
  /** Trainable parameters, weights before bias; empty for layers without any. */
  params(): readonly Param[]
  /** Non-trainable state (batch norm's running statistics); empty for most layers. */
  state(): readonly StateBuffer[]
}

/** A zero-initialised parameter of the given length; initialisation happens in buildLayer.ts. */
export function createParam(name: string, length: number, decay = false): Param {
  return { name, value: new Float32Array(length), grad: new Float32Array(length), decay }
}

/** Sets every gradient to zero; what an optimiser's zeroGrad does before each backward pass. */
export function zeroGradients(params: readonly Param[]): void {
  for (const param of params) {
    param.grad.fill(0)
  }
}

// The contract every layer of the engine keeps; the network and the optimisers see nothing else.
//
// Gradient convention (the same in every kernel): backward ACCUMULATES (+=) into Param.grad, so gradients from
// several backward passes add up; zeroing them is the optimiser's job (zeroGrad). The dInput a layer returns is
// its own scratch buffer, zeroed by the layer before its kernel accumulates into it.
//
// A layer keeps what backward needs from its last forward (usually a reference to its input, not a copy), so
// call backward before the next forward and do not change the input in between.

import type { TensorShape } from '../model/networkSpec'

/** One trainable array and its gradient, same length. Optimisers and checkpoints work on these. */
export type Param = {
  /** Stable and unique within a network, e.g. "layers.0.weights"; checkpoints and export refer to it. */
  name: string
  value: Float32Array
  grad: Float32Array
}

export interface Layer {
  /** The spec kind this layer was built from ('conv', 'relu', ...). */
  readonly kind: string
  /** One sample's shape in and out; a batch is N of these, NCHW (see tensor.ts). */
  readonly inputShape: TensorShape
  readonly outputShape: TensorShape
  /** input is (N, inputShape); returns (N, outputShape). The returned buffer is reused by the next call. */
  forward(input: Float32Array, batchSize: number): Float32Array
  /** dOutput is (N, outputShape) for the last forward's N; accumulates param grads and returns dInput. */
  backward(dOutput: Float32Array): Float32Array
  /** Trainable parameters, weights before bias; empty for layers without any. */
  params(): readonly Param[]
}

/** A zero-initialised parameter of the given length; initialisation happens in network.ts. */
export function createParam(name: string, length: number): Param {
  return { name, value: new Float32Array(length), grad: new Float32Array(length) }
}

/** Sets every gradient to zero; what an optimiser's zeroGrad does before each backward pass. */
export function zeroGradients(params: readonly Param[]): void {
  for (const param of params) {
    param.grad.fill(0)
  }
}

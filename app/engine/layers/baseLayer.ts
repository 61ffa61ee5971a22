// What every layer shares: its shapes, the batch size of the last forward, the edge checks made once per call,
// and two scratch buffers (output and dInput) reused between calls. A subclass writes its kernels' calls and
// nothing else; layers without parameters or state inherit the empty params() and state().

import type { TensorShape } from '../../model/networkSpec'
import { assert } from '../assert'
import type { ForwardContext, Layer, Param, StateBuffer } from '../layer'
import { ScratchBuffer, assertBatchLength, sampleSize } from '../tensor'

export abstract class BaseLayer implements Layer {
  abstract readonly kind: string
  /** N of the last forward; 0 before the first. */
  protected batchSize = 0
  private readonly outputBuffer = new ScratchBuffer()
  private readonly dInputBuffer = new ScratchBuffer()

  constructor(
    readonly inputShape: TensorShape,
    readonly outputShape: TensorShape,
  ) {}

  abstract forward(input: Float32Array, batchSize: number, context: ForwardContext): Float32Array
  abstract backward(dOutput: Float32Array, context: ForwardContext): Float32Array

  params(): readonly Param[] {
    return []
  }

  state(): readonly StateBuffer[] {
    return []
  }

  /** Checks that input holds N samples, remembers N and returns the output buffer for N samples. */
  protected startForward(input: Float32Array, batchSize: number): Float32Array {
    assertBatchLength(`${this.kind} forward`, input, batchSize, this.inputShape)
    this.batchSize = batchSize
    return this.outputBuffer.view(batchSize * sampleSize(this.outputShape))
  }

  /** Checks dOutput against the last forward's N and returns a zeroed dInput buffer for kernels to add into. */
  protected startBackward(dOutput: Float32Array): Float32Array {
    assert(this.batchSize > 0, () => `${this.kind} backward: called before forward`)
    assertBatchLength(`${this.kind} backward`, dOutput, this.batchSize, this.outputShape)
    return this.dInputBuffer.zeroed(this.batchSize * sampleSize(this.inputShape))
  }
}

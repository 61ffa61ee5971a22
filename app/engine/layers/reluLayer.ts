// Elementwise ReLU layer; no parameters. Keeps its own output for backward (see kernels/relu.ts).

import type { TensorShape } from '../../model/networkSpec'
import { assert } from '../assert'
import { reluBackward, reluForward } from '../kernels/relu'
import type { Layer, Param } from '../layer'
import { ScratchBuffer, assertBatchLength } from '../tensor'

export class ReluLayer implements Layer {
  readonly kind = 'relu'
  readonly outputShape: TensorShape
  private readonly output = new ScratchBuffer()
  private readonly dInput = new ScratchBuffer()
  private lastOutput: Float32Array | null = null
  private batchSize = 0

  constructor(readonly inputShape: TensorShape) {
    this.outputShape = inputShape
  }

  forward(input: Float32Array, batchSize: number): Float32Array {
    assertBatchLength('ReluLayer.forward', input, batchSize, this.inputShape)
    this.batchSize = batchSize
    const out = this.output.view(input.length)
    reluForward(out, input)
    this.lastOutput = out
    return out
  }

  backward(dOutput: Float32Array): Float32Array {
    const out = this.lastOutput
    assert(out !== null, 'ReluLayer.backward: called before forward')
    assertBatchLength('ReluLayer.backward', dOutput, this.batchSize, this.outputShape)
    const dInput = this.dInput.zeroed(out.length)
    reluBackward(dInput, out, dOutput)
    return dInput
  }

  params(): readonly Param[] {
    return []
  }
}

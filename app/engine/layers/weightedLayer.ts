// What conv and dense layers share: weights + bias params, a kernel pair with the same argument order
// (forward(out, input, weights, bias, shape), backward(dInput, dWeights, dBias, dOut, input, weights, shape)),
// scratch buffers, and the input kept for backward. A subclass only works out its shapes and picks its kernels.

import type { TensorShape } from '../../model/networkSpec'
import { assert } from '../assert'
import { createParam } from '../layer'
import type { Layer, Param } from '../layer'
import { ScratchBuffer, assertBatchLength, sampleSize } from '../tensor'

export type ForwardKernel<S> = (
  out: Float32Array,
  input: Float32Array,
  weights: Float32Array,
  bias: Float32Array,
  shape: S,
) => void

export type BackwardKernel<S> = (
  dInput: Float32Array,
  dWeights: Float32Array,
  dBias: Float32Array,
  dOut: Float32Array,
  input: Float32Array,
  weights: Float32Array,
  shape: S,
) => void

export abstract class WeightedLayer<S extends Readonly<{ batch: number }>> implements Layer {
  abstract readonly kind: string
  readonly weights: Param
  readonly bias: Param
  private readonly output = new ScratchBuffer()
  private readonly dInput = new ScratchBuffer()
  private input: Float32Array | null = null

  protected constructor(
    name: string,
    readonly inputShape: TensorShape,
    readonly outputShape: TensorShape,
    weightCount: number,
    private shape: S,
    private readonly forwardKernel: ForwardKernel<S>,
    private readonly backwardKernel: BackwardKernel<S>,
  ) {
    this.weights = createParam(`${name}.weights`, weightCount)
    this.bias = createParam(`${name}.bias`, outputShape.channels)
  }

  forward(input: Float32Array, batchSize: number): Float32Array {
    assertBatchLength(`${this.kind} forward`, input, batchSize, this.inputShape)
    this.input = input
    this.shape = { ...this.shape, batch: batchSize }
    const out = this.output.view(batchSize * sampleSize(this.outputShape))
    this.forwardKernel(out, input, this.weights.value, this.bias.value, this.shape)
    return out
  }

  backward(dOutput: Float32Array): Float32Array {
    const input = this.input
    assert(input !== null, () => `${this.kind} backward: called before forward`)
    assertBatchLength(`${this.kind} backward`, dOutput, this.shape.batch, this.outputShape)
    const dInput = this.dInput.zeroed(input.length)
    this.backwardKernel(
      dInput,
      this.weights.grad,
      this.bias.grad,
      dOutput,
      input,
      this.weights.value,
      this.shape,
    )
    return dInput
  }

  params(): readonly Param[] {
    return [this.weights, this.bias]
  }
}

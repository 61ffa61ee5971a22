// What conv and dense layers share: weights (+ an optional bias) params, a kernel pair with the same argument
// order (forward(out, input, weights, bias, shape), backward(dInput, dWeights, dBias, dOut, input, weights,
// shape)), and the input kept for backward. A subclass only works out its shapes and picks its kernels.
// Without a bias, the kernels get a shared all-zero bias and a throwaway dBias (the kernels stay untouched).

import type { TensorShape } from '../../model/networkSpec'
import { assert } from '../assert'
import { createParam } from '../layer'
import type { ForwardContext, Param } from '../layer'
import { BaseLayer } from './baseLayer'

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

export type Kernels<S> = Readonly<{ forward: ForwardKernel<S>; backward: BackwardKernel<S> }>

export abstract class WeightedLayer<S extends Readonly<{ batch: number }>> extends BaseLayer {
  readonly weights: Param
  /** null when the layer was built without a bias (e.g. a conv followed by batch norm). */
  readonly bias: Param | null
  /** Stands in for the bias in the kernels when there is none: zeros in, gradients thrown away. */
  private readonly noBias: Param
  private input: Float32Array | null = null

  protected constructor(
    name: string,
    inputShape: TensorShape,
    outputShape: TensorShape,
    weightCount: number,
    hasBias: boolean,
    private shape: S,
    private readonly kernels: Kernels<S>,
  ) {
    super(inputShape, outputShape)
    this.weights = createParam(`${name}.weights`, weightCount, true)
    this.bias = hasBias ? createParam(`${name}.bias`, outputShape.channels) : null
    this.noBias = createParam(`${name}.noBias`, hasBias ? 0 : outputShape.channels)
  }

  forward(input: Float32Array, batchSize: number, _context: ForwardContext): Float32Array {
    const out = this.startForward(input, batchSize)
    this.input = input
    this.shape = { ...this.shape, batch: batchSize }
    this.kernels.forward(out, input, this.weights.value, (this.bias ?? this.noBias).value, this.shape)
    return out
  }

  backward(dOutput: Float32Array, _context: ForwardContext): Float32Array {
    const dInput = this.startBackward(dOutput)
    const input = this.input
    assert(input !== null, () => `${this.kind} backward: called before forward`) // narrows; startBackward checked
    this.noBias.grad.fill(0) // keeps the throwaway sum bounded
    const bias = this.bias ?? this.noBias
    this.kernels.backward(dInput, this.weights.grad, bias.grad, dOutput, input, this.weights.value, this.shape)
    return dInput
  }

  override params(): readonly Param[] {
    return this.bias === null ? [this.weights] : [this.weights, this.bias]
  }
}

// Batch normalisation over channels (feature maps) or features (vectors), with learned scale γ and shift β
// (params 'gamma' and 'beta', no weight decay) and running mean and variance (state buffers, saved with the
// weights). Training mode: statistics of the WHOLE batch, summed over threads with context.allReduceSum (forward:
// Σx, Σx²; backward: Σdy, Σdy·x̂), and only the primary shard updates the running statistics. Inference mode:
// the running statistics, nothing updated. Running variance uses the unbiased batch variance, as PyTorch.

import type { TensorShape } from '../../model/networkSpec'
import { batchNormBackward, batchNormForward, batchNormSums } from '../kernels/batchNorm'
import type { BatchNormShape } from '../kernels/batchNorm'
import { createParam } from '../layer'
import type { ForwardContext, Param, StateBuffer } from '../layer'
import { ScratchBuffer } from '../tensor'
import { BaseLayer } from './baseLayer'

export type BatchNormOptions = Readonly<{ momentum: number; epsilon: number }>

export class BatchNormLayer extends BaseLayer {
  readonly kind = 'batchNorm'
  readonly gamma: Param
  readonly beta: Param
  readonly runningMean: StateBuffer
  readonly runningVariance: StateBuffer
  private readonly xHat = new ScratchBuffer()
  private readonly sums: Float64Array
  private readonly mean: Float64Array
  private readonly inverseStd: Float64Array
  private wasTraining = false
  private shape: BatchNormShape

  constructor(
    name: string,
    inputShape: TensorShape,
    private readonly options: BatchNormOptions,
  ) {
    super(inputShape, inputShape)
    const C = inputShape.channels
    this.gamma = createParam(`${name}.gamma`, C)
    this.gamma.value.fill(1)
    this.beta = createParam(`${name}.beta`, C)
    this.runningMean = { name: `${name}.runningMean`, value: new Float32Array(C) }
    this.runningVariance = { name: `${name}.runningVariance`, value: new Float32Array(C).fill(1) }
    this.sums = new Float64Array(2 * C)
    this.mean = new Float64Array(C)
    this.inverseStd = new Float64Array(C)
    this.shape = { batch: 0, channels: C, planeSize: inputShape.height * inputShape.width }
  }

  forward(input: Float32Array, batchSize: number, context: ForwardContext): Float32Array {
    const out = this.startForward(input, batchSize)
    this.shape = { ...this.shape, batch: batchSize }
    this.wasTraining = context.isTraining
    if (context.isTraining) {
      this.batchStatistics(input, context)
    } else {
      for (let c = 0; c < this.shape.channels; c++) {
        this.mean[c] = this.runningMean.value[c]
        this.inverseStd[c] = 1 / Math.sqrt(this.runningVariance.value[c] + this.options.epsilon)
      }
    }
    const xHat = this.xHat.view(out.length)
    batchNormForward(out, xHat, input, this.mean, this.inverseStd, this.gamma.value, this.beta.value, this.shape)
    return out
  }

  backward(dOutput: Float32Array, context: ForwardContext): Float32Array {
    const dInput = this.startBackward(dOutput)
    const C = this.shape.channels
    const xHat = this.xHat.view(dOutput.length)
    batchNormSums(this.sums, dOutput, xHat, this.shape)
    // Param gradients from THIS shard's sums: shards' param gradients are added up later, like every other layer's.
    for (let c = 0; c < C; c++) {
      this.beta.grad[c] += this.sums[c]
      this.gamma.grad[c] += this.sums[C + c]
    }
    let valuesPerChannel = Infinity // inference: the statistics were constants, no correction terms
    if (this.wasTraining) {
      context.allReduceSum(this.sums)
      valuesPerChannel = context.totalBatchSize * this.shape.planeSize
    }
    const { inverseStd, gamma, sums, shape } = this
    batchNormBackward(dInput, dOutput, xHat, inverseStd, gamma.value, sums, valuesPerChannel, shape)
    return dInput
  }

  override params(): readonly Param[] {
    return [this.gamma, this.beta]
  }

  override state(): readonly StateBuffer[] {
    return [this.runningMean, this.runningVariance]
  }

  /** mean and inverseStd from the whole batch; the primary shard moves the running statistics towards them. */
  private batchStatistics(input: Float32Array, context: ForwardContext): void {
    const C = this.shape.channels
    const { momentum, epsilon } = this.options
    batchNormSums(this.sums, input, input, this.shape)
    context.allReduceSum(this.sums)
    const M = context.totalBatchSize * this.shape.planeSize
    for (let c = 0; c < C; c++) {
      const mean = this.sums[c] / M
      const variance = Math.max(0, this.sums[C + c] / M - mean * mean) // rounding can make it a hair negative
      this.mean[c] = mean
      this.inverseStd[c] = 1 / Math.sqrt(variance + epsilon)
      if (context.isPrimary) {
        const unbiased = M > 1 ? (variance * M) / (M - 1) : variance
        this.runningMean.value[c] = (1 - momentum) * this.runningMean.value[c] + momentum * mean
        this.runningVariance.value[c] = (1 - momentum) * this.runningVariance.value[c] + momentum * unbiased
      }
    }
  }
}

// Residual connection: output = (previous layer's output) + skip, element-wise, where skip is the output of an
// earlier layer (or the network input) given by the network before each forward (setSkipInput). When the shapes
// differ, skip first goes through a learned 1×1 convolution with the stride that matches the sizes and no bias
// (param 'projection', with weight decay), as option B of He et al. (2015) without its batch norm.
// Backward returns dOutput itself for the main path and leaves the skip path's gradient in skipGradient().

import type { TensorShape } from '../../model/networkSpec'
import { assert } from '../assert'
import { conv2dBackwardFast, conv2dForwardFast } from '../kernels/conv2dFast'
import type { Conv2dShape } from '../kernels/conv2d'
import { createParam } from '../layer'
import type { ForwardContext, Param } from '../layer'
import { ScratchBuffer, assertBatchLength, sampleSize } from '../tensor'
import { BaseLayer } from './baseLayer'

export class AddLayer extends BaseLayer {
  readonly kind = 'add'
  /** The 1×1 projection's weights (OC, C_skip, 1, 1), or null when the skip path is added as it is. */
  readonly projection: Param | null
  private readonly projectionShape: Conv2dShape
  /** The projection has no bias: the conv kernels get zeros and a gradient that is thrown away. */
  private readonly zeros: Float32Array
  private readonly discardedBiasGrad: Float32Array
  private readonly dSkip = new ScratchBuffer()
  private skip: Float32Array | null = null
  private skipGradientValues: Float32Array | null = null

  /**
   * skipFrom: the layer index the skip path reads (−1 for the network input); projectionStride: null when
   * skipShape equals inputShape, else the 1×1 convolution's stride (shape inference works it out).
   */
  constructor(
    name: string,
    inputShape: TensorShape,
    readonly skipShape: TensorShape,
    readonly skipFrom: number,
    projectionStride: number | null,
  ) {
    super(inputShape, inputShape)
    const stride = projectionStride ?? 1
    this.projectionShape = {
      batch: 0,
      inChannels: skipShape.channels,
      height: skipShape.height,
      width: skipShape.width,
      outChannels: inputShape.channels,
      kernelSize: 1,
      stride,
      pad: 0,
    }
    const fits =
      projectionStride === null
        ? skipShape.height === inputShape.height &&
          skipShape.width === inputShape.width &&
          skipShape.channels === inputShape.channels
        : Math.ceil(skipShape.height / stride) === inputShape.height &&
          Math.ceil(skipShape.width / stride) === inputShape.width
    assert(fits, () => `AddLayer ${name}: skip ${JSON.stringify(skipShape)} cannot meet ${JSON.stringify(inputShape)}`)
    const weightCount = projectionStride === null ? 0 : skipShape.channels * inputShape.channels
    this.projection =
      projectionStride === null ? null : createParam(`${name}.projection.weights`, weightCount, true)
    this.zeros = new Float32Array(projectionStride === null ? 0 : inputShape.channels)
    this.discardedBiasGrad = new Float32Array(this.zeros.length)
  }

  /** The skip path's input for the next forward: N samples of skipShape. The network calls this. */
  setSkipInput(skip: Float32Array): void {
    this.skip = skip
  }

  forward(input: Float32Array, batchSize: number, _context: ForwardContext): Float32Array {
    const out = this.startForward(input, batchSize)
    const skip = this.skip
    assert(skip !== null, 'add forward: no skip input (the network sets it before forward)')
    assertBatchLength('add forward (skip input)', skip, batchSize, this.skipShape)
    if (this.projection === null) {
      for (let i = 0; i < out.length; i++) {
        out[i] = input[i] + skip[i]
      }
      return out
    }
    conv2dForwardFast(out, skip, this.projection.value, this.zeros, { ...this.projectionShape, batch: batchSize })
    for (let i = 0; i < out.length; i++) {
      out[i] += input[i]
    }
    return out
  }

  /** Returns the main path's dInput (dOutput itself); the skip path's is then skipGradient(). */
  backward(dOutput: Float32Array, _context: ForwardContext): Float32Array {
    assert(this.batchSize > 0, 'add backward: called before forward')
    assertBatchLength('add backward', dOutput, this.batchSize, this.outputShape)
    const skip = this.skip
    if (this.projection === null || skip === null) {
      this.skipGradientValues = dOutput
      return dOutput
    }
    const dSkip = this.dSkip.zeroed(this.batchSize * sampleSize(this.skipShape))
    const shape = { ...this.projectionShape, batch: this.batchSize }
    const dBias = this.discardedBiasGrad
    conv2dBackwardFast(dSkip, this.projection.grad, dBias, dOutput, skip, this.projection.value, shape)
    dBias.fill(0)
    this.skipGradientValues = dSkip
    return dOutput
  }

  /** d loss / d skip input from the last backward, (N, skipShape); a buffer reused by the next call. */
  skipGradient(): Float32Array {
    assert(this.skipGradientValues !== null, 'AddLayer.skipGradient: called before backward')
    return this.skipGradientValues
  }

  override params(): readonly Param[] {
    return this.projection === null ? [] : [this.projection]
  }
}

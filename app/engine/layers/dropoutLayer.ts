// Inverted dropout layer; no parameters. Training: multiplies by a mask of 0 and 1 / (1 − rate) that depends only
// on (stepSeed, this layer's index, global sample index, unit), so 1 or N threads drop the same values (see
// kernels/dropout.ts). Inference: the identity, handing its input through with no copy.

import type { TensorShape } from '../../model/networkSpec'
import { assert } from '../assert'
import { dropoutBackward, dropoutForward, dropoutMask } from '../kernels/dropout'
import type { ForwardContext } from '../layer'
import { ScratchBuffer, assertBatchLength, sampleSize } from '../tensor'
import { BaseLayer } from './baseLayer'

export class DropoutLayer extends BaseLayer {
  readonly kind = 'dropout'
  private readonly mask = new ScratchBuffer()
  private wasTraining = false

  constructor(
    inputShape: TensorShape,
    readonly rate: number,
    /** Position in the network: part of the mask's hash, so two dropout layers drop different values. */
    readonly layerIndex: number,
  ) {
    super(inputShape, inputShape)
    assert(rate >= 0 && rate < 1, () => `DropoutLayer: rate must be in [0, 1), got ${rate}`)
  }

  forward(input: Float32Array, batchSize: number, context: ForwardContext): Float32Array {
    this.wasTraining = context.isTraining
    if (!context.isTraining) {
      assertBatchLength('dropout forward', input, batchSize, this.inputShape)
      this.batchSize = batchSize
      return input
    }
    const out = this.startForward(input, batchSize)
    const mask = this.mask.view(out.length)
    const { stepSeed, sampleOffset } = context
    const { rate, layerIndex } = this
    const units = sampleSize(this.inputShape)
    dropoutMask(mask, { batch: batchSize, units, rate, stepSeed, layerIndex, sampleOffset })
    dropoutForward(out, input, mask)
    return out
  }

  backward(dOutput: Float32Array, _context: ForwardContext): Float32Array {
    if (!this.wasTraining) {
      assertBatchLength('dropout backward', dOutput, this.batchSize, this.outputShape)
      return dOutput
    }
    const dInput = this.startBackward(dOutput)
    dropoutBackward(dInput, dOutput, this.mask.view(dOutput.length))
    return dInput
  }
}

// Flatten: (N, C, H, W) → (N, C*H*W, 1, 1). In NCHW one sample is already contiguous, so this is a reshape:
// forward hands its input through and backward its dOutput, with no copy and no kernel.

import type { TensorShape } from '../../model/networkSpec'
import type { ForwardContext } from '../layer'
import { assertBatchLength, sampleSize } from '../tensor'
import { BaseLayer } from './baseLayer'

export class FlattenLayer extends BaseLayer {
  readonly kind = 'flatten'

  constructor(inputShape: TensorShape) {
    super(inputShape, { height: 1, width: 1, channels: sampleSize(inputShape) })
  }

  forward(input: Float32Array, batchSize: number, _context: ForwardContext): Float32Array {
    assertBatchLength('flatten forward', input, batchSize, this.inputShape)
    this.batchSize = batchSize
    return input
  }

  backward(dOutput: Float32Array, _context: ForwardContext): Float32Array {
    assertBatchLength('flatten backward', dOutput, this.batchSize, this.outputShape)
    return dOutput
  }
}

// Flatten: (N, C, H, W) → (N, C*H*W, 1, 1). In NCHW one sample is already contiguous, so this is a reshape:
// forward hands its input through and backward its dOutput, with no copy and no kernel.

import type { TensorShape } from '../../model/networkSpec'
import type { Layer, Param } from '../layer'
import { assertBatchLength, sampleSize } from '../tensor'

export class FlattenLayer implements Layer {
  readonly kind = 'flatten'
  readonly outputShape: TensorShape
  private batchSize = 0

  constructor(readonly inputShape: TensorShape) {
    this.outputShape = { height: 1, width: 1, channels: sampleSize(inputShape) }
  }

  forward(input: Float32Array, batchSize: number): Float32Array {
    assertBatchLength('FlattenLayer.forward', input, batchSize, this.inputShape)
    this.batchSize = batchSize
    return input
  }

  backward(dOutput: Float32Array): Float32Array {
    assertBatchLength('FlattenLayer.backward', dOutput, this.batchSize, this.outputShape)
    return dOutput
  }

  params(): readonly Param[] {
    return []
  }
}

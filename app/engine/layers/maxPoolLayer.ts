// Max pooling layer; no parameters. Keeps the argmax of its last forward for backward (see kernels/maxPool2d.ts).

import type { TensorShape } from '../../model/networkSpec'
import { assert } from '../assert'
import { maxPool2dBackward, maxPool2dForward, maxPool2dOutputSize } from '../kernels/maxPool2d'
import type { MaxPool2dShape } from '../kernels/maxPool2d'
import type { Layer, Param } from '../layer'
import { ScratchBuffer, assertBatchLength, sampleSize } from '../tensor'

export type MaxPoolOptions = Readonly<{ size: number; stride: number }>

export class MaxPoolLayer implements Layer {
  readonly kind = 'maxPool'
  readonly outputShape: TensorShape
  private readonly output = new ScratchBuffer()
  private readonly dInput = new ScratchBuffer()
  private argmax = new Int32Array(0)
  private shape: MaxPool2dShape

  constructor(
    readonly inputShape: TensorShape,
    options: MaxPoolOptions,
  ) {
    const { size, stride } = options
    const { height, width, channels } = inputShape
    this.outputShape = {
      height: maxPool2dOutputSize(height, size, stride),
      width: maxPool2dOutputSize(width, size, stride),
      channels,
    }
    assert(
      this.outputShape.height >= 1 && this.outputShape.width >= 1,
      () => `MaxPoolLayer: a ${size}×${size} window does not fit input ${height}×${width}`,
    )
    this.shape = { batch: 0, channels, height, width, size, stride }
  }

  forward(input: Float32Array, batchSize: number): Float32Array {
    assertBatchLength('MaxPoolLayer.forward', input, batchSize, this.inputShape)
    this.shape = { ...this.shape, batch: batchSize }
    const outputLength = batchSize * sampleSize(this.outputShape)
    const out = this.output.view(outputLength)
    if (this.argmax.length < outputLength) {
      this.argmax = new Int32Array(outputLength)
    }
    maxPool2dForward(out, this.argmax, input, this.shape)
    return out
  }

  backward(dOutput: Float32Array): Float32Array {
    assert(this.shape.batch > 0, 'MaxPoolLayer.backward: called before forward')
    assertBatchLength('MaxPoolLayer.backward', dOutput, this.shape.batch, this.outputShape)
    const dInput = this.dInput.zeroed(this.shape.batch * sampleSize(this.inputShape))
    maxPool2dBackward(dInput, dOutput, this.argmax)
    return dInput
  }

  params(): readonly Param[] {
    return []
  }
}

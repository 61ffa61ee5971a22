// Max pooling layer; no parameters. Keeps the argmax of its last forward for backward (see kernels/maxPool2d.ts).
// Also home of the pooling geometry that the average pooling layer shares.

import type { TensorShape } from '../../model/networkSpec'
import { assert } from '../assert'
import { maxPool2dBackward, maxPool2dForward, pool2dOutputSize } from '../kernels/maxPool2d'
import type { Pool2dShape } from '../kernels/maxPool2d'
import type { ForwardContext } from '../layer'
import { BaseLayer } from './baseLayer'

export type PoolOptions = Readonly<{ size: number; stride: number; pad: number }>

/** The kernel shape (batch 0) and output shape of a pooling layer; asserts that the window fits. */
export function poolGeometry(
  where: string,
  inputShape: TensorShape,
  options: PoolOptions,
): { shape: Pool2dShape; outputShape: TensorShape } {
  const { size, stride, pad } = options
  const { height, width, channels } = inputShape
  const outputShape = {
    height: pool2dOutputSize(height, size, stride, pad),
    width: pool2dOutputSize(width, size, stride, pad),
    channels,
  }
  assert(
    outputShape.height >= 1 && outputShape.width >= 1 && 2 * pad <= size,
    () =>
      `${where}: a ${size}×${size} window with pad ${pad} does not fit input ${height}×${width} ` +
      `(or pad is over half the window)`,
  )
  return { shape: { batch: 0, channels, height, width, size, stride, pad }, outputShape }
}

export class MaxPoolLayer extends BaseLayer {
  readonly kind = 'maxPool'
  private argmax = new Int32Array(0)
  private shape: Pool2dShape

  constructor(inputShape: TensorShape, options: PoolOptions) {
    const { shape, outputShape } = poolGeometry('MaxPoolLayer', inputShape, options)
    super(inputShape, outputShape)
    this.shape = shape
  }

  forward(input: Float32Array, batchSize: number, _context: ForwardContext): Float32Array {
    const out = this.startForward(input, batchSize)
    this.shape = { ...this.shape, batch: batchSize }
    if (this.argmax.length < out.length) {
      this.argmax = new Int32Array(out.length)
    }
    maxPool2dForward(out, this.argmax, input, this.shape)
    return out
  }

  backward(dOutput: Float32Array, _context: ForwardContext): Float32Array {
    const dInput = this.startBackward(dOutput)
    maxPool2dBackward(dInput, dOutput, this.argmax)
    return dInput
  }
}

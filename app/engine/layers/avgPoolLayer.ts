// Average pooling layer; no parameters. Padding counts as zeros and every window divides by size², as PyTorch's
// count_include_pad=True (see kernels/avgPool2d.ts). Linear, so backward needs only the shapes.

import type { TensorShape } from '../../model/networkSpec'
import { avgPool2dBackward, avgPool2dForward } from '../kernels/avgPool2d'
import type { Pool2dShape } from '../kernels/maxPool2d'
import type { ForwardContext } from '../layer'
import { BaseLayer } from './baseLayer'
import { poolGeometry } from './maxPoolLayer'
import type { PoolOptions } from './maxPoolLayer'

export class AvgPoolLayer extends BaseLayer {
  readonly kind = 'avgPool'
  private shape: Pool2dShape

  constructor(inputShape: TensorShape, options: PoolOptions) {
    const { shape, outputShape } = poolGeometry('AvgPoolLayer', inputShape, options)
    super(inputShape, outputShape)
    this.shape = shape
  }

  forward(input: Float32Array, batchSize: number, _context: ForwardContext): Float32Array {
    const out = this.startForward(input, batchSize)
    this.shape = { ...this.shape, batch: batchSize }
    avgPool2dForward(out, input, this.shape)
    return out
  }

  backward(dOutput: Float32Array, _context: ForwardContext): Float32Array {
    const dInput = this.startBackward(dOutput)
    avgPool2dBackward(dInput, dOutput, this.shape)
    return dInput
  }
}

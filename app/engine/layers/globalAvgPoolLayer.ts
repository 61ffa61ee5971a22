// Global average pooling: the mean of each channel over all positions, H×W×C → 1×1×C (a vector, ready for a
// dense layer without flatten). No parameters; linear, so backward needs only the shapes.

import type { TensorShape } from '../../model/networkSpec'
import { globalAvgPoolBackward, globalAvgPoolForward } from '../kernels/avgPool2d'
import type { ForwardContext } from '../layer'
import { BaseLayer } from './baseLayer'

export class GlobalAvgPoolLayer extends BaseLayer {
  readonly kind = 'globalAvgPool'

  constructor(inputShape: TensorShape) {
    super(inputShape, { height: 1, width: 1, channels: inputShape.channels })
  }

  forward(input: Float32Array, batchSize: number, _context: ForwardContext): Float32Array {
    const out = this.startForward(input, batchSize)
    globalAvgPoolForward(out, input, this.inputShape.height * this.inputShape.width)
    return out
  }

  backward(dOutput: Float32Array, _context: ForwardContext): Float32Array {
    const dInput = this.startBackward(dOutput)
    globalAvgPoolBackward(dInput, dOutput, this.inputShape.height * this.inputShape.width)
    return dInput
  }
}

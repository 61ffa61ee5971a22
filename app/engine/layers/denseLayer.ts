// A fully connected layer on vectors: input (N, 1, 1, IN) — a flatten or global average pooling layer before it
// guarantees that — and output (N, 1, 1, OUT); weights (OUT, IN) and bias (OUT) around the dense kernels.

import type { TensorShape } from '../../model/networkSpec'
import { assert } from '../assert'
import { denseBackwardFast, denseForwardFast } from '../kernels/denseFast'
import type { DenseShape } from '../kernels/dense'
import { WeightedLayer } from './weightedLayer'

export class DenseLayer extends WeightedLayer<DenseShape> {
  readonly kind = 'dense'

  constructor(name: string, inputShape: TensorShape, units: number) {
    assert(
      inputShape.height === 1 && inputShape.width === 1,
      () => `DenseLayer ${name}: input must be a vector (1×1×C), got ${inputShape.height}×${inputShape.width}`,
    )
    const outputShape = { height: 1, width: 1, channels: units }
    const shape = { batch: 0, inFeatures: inputShape.channels, outFeatures: units }
    const kernels = { forward: denseForwardFast, backward: denseBackwardFast } // tested against kernels/dense.ts
    super(name, inputShape, outputShape, units * inputShape.channels, true, shape, kernels)
  }
}

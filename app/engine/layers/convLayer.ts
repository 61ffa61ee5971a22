// A convolution layer: weights (OC, C, K, K) and an optional bias (OC) around the conv2d kernels.
// Shapes and defaults arrive resolved (pad is a number: see app/model/resolveLayer.ts); the forward/backward
// plumbing is WeightedLayer's.

import type { TensorShape } from '../../model/networkSpec'
import { assert } from '../assert'
import { conv2dOutputSize } from '../kernels/conv2d'
import { conv2dBackwardFast, conv2dForwardFast } from '../kernels/conv2dFast'
import type { Conv2dShape } from '../kernels/conv2d'
import { WeightedLayer } from './weightedLayer'

export type ConvOptions = Readonly<{
  filters: number
  kernelSize: number
  stride: number
  pad: number
  /** Default true. */
  hasBias?: boolean
}>

export class ConvLayer extends WeightedLayer<Conv2dShape> {
  readonly kind = 'conv'

  constructor(name: string, inputShape: TensorShape, options: ConvOptions) {
    const { filters, kernelSize, stride, pad, hasBias = true } = options
    const { height, width, channels } = inputShape
    const outputShape = {
      height: conv2dOutputSize(height, kernelSize, stride, pad),
      width: conv2dOutputSize(width, kernelSize, stride, pad),
      channels: filters,
    }
    assert(
      outputShape.height >= 1 && outputShape.width >= 1,
      () =>
        `ConvLayer ${name}: a ${kernelSize}×${kernelSize} kernel with pad ${pad} does not fit ${height}×${width}`,
    )
    const shape = {
      batch: 0,
      inChannels: channels,
      height,
      width,
      outChannels: filters,
      kernelSize,
      stride,
      pad,
    }
    const weightCount = filters * channels * kernelSize * kernelSize
    // The fast kernels (WebAssembly SIMD where it runs, else im2col + blocked matmul) are tested against the
    // naive reference in kernels/conv2d.ts, which stays as the definition of what they compute.
    const kernels = { forward: conv2dForwardFast, backward: conv2dBackwardFast }
    super(name, inputShape, outputShape, weightCount, hasBias, shape, kernels)
  }
}

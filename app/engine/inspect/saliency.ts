// Saliency maps (Simonyan, Vedaldi & Zisserman 2013, "Deep Inside Convolutional Networks", section 3.1): the
// magnitude of the gradient of a class SCORE (the logit, before softmax) with respect to the input pixels,
// the maximum over colour channels. Raw magnitudes, not normalised: the view chooses its own scale.
// Not here: Grad-CAM (gradCam.ts), drawing (renderer/).

import type { Network } from '../network'
import { backpropagateClassScore } from './inspectionPass'

/** d score_class / d input for N images, (N, C, H, W), in inference mode; param gradients are left alone. */
export function classScoreGradient(network: Network, input: Float32Array, classIndex: number): Float32Array {
  return backpropagateClassScore(network, input, classIndex, 'classScoreGradient')
}

/** max over channels of |d score_class / d input|, (N, H, W) for N images. */
export function saliencyMap(network: Network, input: Float32Array, classIndex: number): Float32Array {
  const gradient = backpropagateClassScore(network, input, classIndex, 'saliencyMap')
  const { height: H, width: W, channels: C } = network.spec.input
  const N = gradient.length / (C * H * W)
  const saliency = new Float32Array(N * H * W)
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const plane = (n * C + c) * H * W
      for (let i = 0; i < H * W; i++) {
        saliency[n * H * W + i] = Math.max(saliency[n * H * W + i], Math.abs(gradient[plane + i]))
      }
    }
  }
  return saliency
}

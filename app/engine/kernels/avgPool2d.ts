// 2-D average pooling over square windows with optional zero padding, and global average pooling. Padding counts
// as zeros and every window divides by K², as PyTorch's AvgPool2d with count_include_pad=True (its default); a
// window over the corner of a padded map therefore averages towards 0. Floor mode: windows past the padded edge
// are dropped. Both passes are linear, so backward spreads dOut / K² back over each window.
//
// N = batch, C = channels, H/W = input height/width, K = window size, S = stride, P = padding on every side,
// OH/OW = floor((H + 2P − K) / S) + 1; input is (N, C, H, W), out is (N, C, OH, OW); global: out is (N, C)
// reference: https://pytorch.org/docs/stable/generated/torch.nn.AvgPool2d.html

import { pool2dOutputSize } from './maxPool2d'
import type { Pool2dShape } from './maxPool2d'

/** out = Σ window / K² (zeros for padding). Overwrites out. */
export function avgPool2dForward(out: Float32Array, input: Float32Array, shape: Pool2dShape): void {
  const { batch: N, channels: C, height: H, width: W, size: K, stride: S, pad: P } = shape
  const OH = pool2dOutputSize(H, K, S, P)
  const OW = pool2dOutputSize(W, K, S, P)
  const scale = 1 / (K * K)
  for (let nc = 0; nc < N * C; nc++) {
    const plane = nc * H * W
    for (let oh = 0; oh < OH; oh++) {
      const h0 = Math.max(0, oh * S - P)
      const h1 = Math.min(H, oh * S - P + K)
      for (let ow = 0; ow < OW; ow++) {
        const w0 = Math.max(0, ow * S - P)
        const w1 = Math.min(W, ow * S - P + K)
        let sum = 0
        for (let h = h0; h < h1; h++) {
          for (let w = w0; w < w1; w++) {
            sum += input[plane + h * W + w]
          }
        }
        out[(nc * OH + oh) * OW + ow] = sum * scale
      }
    }
  }
}

/** Accumulates dInput += dOut / K² over every real (unpadded) position of each window. */
export function avgPool2dBackward(dInput: Float32Array, dOut: Float32Array, shape: Pool2dShape): void {
  const { batch: N, channels: C, height: H, width: W, size: K, stride: S, pad: P } = shape
  const OH = pool2dOutputSize(H, K, S, P)
  const OW = pool2dOutputSize(W, K, S, P)
  const scale = 1 / (K * K)
  for (let nc = 0; nc < N * C; nc++) {
    const plane = nc * H * W
    for (let oh = 0; oh < OH; oh++) {
      const h0 = Math.max(0, oh * S - P)
      const h1 = Math.min(H, oh * S - P + K)
      for (let ow = 0; ow < OW; ow++) {
        const w0 = Math.max(0, ow * S - P)
        const w1 = Math.min(W, ow * S - P + K)
        const g = dOut[(nc * OH + oh) * OW + ow] * scale
        for (let h = h0; h < h1; h++) {
          for (let w = w0; w < w1; w++) {
            dInput[plane + h * W + w] += g
          }
        }
      }
    }
  }
}

/** out (N, C) = the mean of each (n, c) plane of input (N, C, H, W); planeSize = H·W. Overwrites out. */
export function globalAvgPoolForward(out: Float32Array, input: Float32Array, planeSize: number): void {
  for (let nc = 0; nc < out.length; nc++) {
    let sum = 0
    for (let i = nc * planeSize; i < (nc + 1) * planeSize; i++) {
      sum += input[i]
    }
    out[nc] = sum / planeSize
  }
}

/** Accumulates dInput += dOut / (H·W) over every position of each plane. */
export function globalAvgPoolBackward(dInput: Float32Array, dOut: Float32Array, planeSize: number): void {
  for (let nc = 0; nc < dOut.length; nc++) {
    const g = dOut[nc] / planeSize
    for (let i = nc * planeSize; i < (nc + 1) * planeSize; i++) {
      dInput[i] += g
    }
  }
}

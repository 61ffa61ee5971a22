// im2col and its adjoint col2im: how the fast convolution turns a convolution into one matrix multiply per image.
// im2col copies every input value a kernel position sees into a column matrix (zero where the window hangs over
// the padding); col2im adds such a matrix back onto the input positions it came from. Layout only, no arithmetic
// beyond the additions of col2im.
//
// C = input channels, H/W = input height/width, K = kernel size, S = stride, P = padding, OH/OW = output size
// one image of input is (C, H, W); col is (C*K*K, OH*OW): row (c, kh, kw), column (oh, ow)
// reference: Chellapilla et al., "High Performance Convolutional Neural Networks for Document Processing" (2006)

import { conv2dOutputSize } from './conv2d'
import type { Conv2dShape } from './conv2d'

/** The output positions ow whose input column ow*S - P + kw lies inside 0..W-1, as [first, end). */
function insideRange(kernelOffset: number, size: number, outSize: number, stride: number, pad: number) {
  // ow*S - P + k ≥ 0  ⇔  ow ≥ ceil((P - k) / S);   ow*S - P + k ≤ size - 1  ⇔  ow ≤ floor((size - 1 + P - k) / S)
  // Both ends are clamped to 0..outSize, so a window entirely in the padding gives an empty range.
  const first = Math.min(outSize, Math.max(0, Math.ceil((pad - kernelOffset) / stride)))
  const end = Math.min(outSize, Math.floor((size - 1 + pad - kernelOffset) / stride) + 1)
  return { first, end: Math.max(first, end) }
}

/** Writes image n of input (N, C, H, W) into col (C*K*K, OH*OW). Overwrites every value of col it covers. */
export function im2col(col: Float32Array, input: Float32Array, n: number, shape: Conv2dShape): void {
  const { inChannels: C, height: H, width: W, kernelSize: K, stride: S, pad: P } = shape
  const OH = conv2dOutputSize(H, K, S, P)
  const OW = conv2dOutputSize(W, K, S, P)
  const positions = OH * OW
  let row = 0
  for (let c = 0; c < C; c++) {
    const plane = (n * C + c) * H * W
    for (let kh = 0; kh < K; kh++) {
      const rows = insideRange(kh, H, OH, S, P)
      for (let kw = 0; kw < K; kw++) {
        const columns = insideRange(kw, W, OW, S, P)
        // Plain loops rather than col.fill: the zero runs are a few values long and a builtin call costs more.
        let target = row * positions
        for (let oh = 0; oh < OH; oh++) {
          if (oh < rows.first || oh >= rows.end) {
            for (let ow = 0; ow < OW; ow++) {
              col[target + ow] = 0
            }
          } else {
            const source = plane + (oh * S - P + kh) * W - P + kw
            for (let ow = 0; ow < columns.first; ow++) {
              col[target + ow] = 0
            }
            for (let ow = columns.first; ow < columns.end; ow++) {
              col[target + ow] = input[source + ow * S]
            }
            for (let ow = columns.end; ow < OW; ow++) {
              col[target + ow] = 0
            }
          }
          target += OW
        }
        row++
      }
    }
  }
}

/** Adds col (C*K*K, OH*OW) onto image n of dInput (N, C, H, W): the adjoint of im2col. Padding is dropped. */
export function col2imAdd(dInput: Float32Array, col: Float32Array, n: number, shape: Conv2dShape): void {
  const { inChannels: C, height: H, width: W, kernelSize: K, stride: S, pad: P } = shape
  const OH = conv2dOutputSize(H, K, S, P)
  const OW = conv2dOutputSize(W, K, S, P)
  const positions = OH * OW
  let row = 0
  for (let c = 0; c < C; c++) {
    const plane = (n * C + c) * H * W
    for (let kh = 0; kh < K; kh++) {
      const rows = insideRange(kh, H, OH, S, P)
      for (let kw = 0; kw < K; kw++) {
        const columns = insideRange(kw, W, OW, S, P)
        const start = row * positions
        for (let oh = rows.first; oh < rows.end; oh++) {
          const source = start + oh * OW
          const target = plane + (oh * S - P + kh) * W - P + kw
          for (let ow = columns.first; ow < columns.end; ow++) {
            dInput[target + ow * S] += col[source + ow]
          }
        }
        row++
      }
    }
  }
}

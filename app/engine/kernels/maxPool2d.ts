// 2-D max pooling over square windows, no padding; windows that would run past the edge are dropped
// (floor mode, as PyTorch's default). The forward pass records which input won each window, so the backward
// pass is a scatter and never compares values again.
//
// N = batch, C = channels, H/W = input height/width, K = window size, S = stride,
// OH/OW = output height/width = floor((H - K) / S) + 1
// input is (N, C, H, W), out and argmax are (N, C, OH, OW); argmax holds flat indices into input
// reference: https://pytorch.org/docs/stable/generated/torch.nn.MaxPool2d.html

export type MaxPool2dShape = Readonly<{
  batch: number
  channels: number
  height: number
  width: number
  size: number
  stride: number
}>

/** Output size along one axis; the same formula as app/model/shapeInference.ts. */
export function maxPool2dOutputSize(size: number, windowSize: number, stride: number): number {
  return Math.floor((size - windowSize) / stride) + 1
}

/** out = the largest value of each window; ties go to the first (row-major) position. Overwrites out, argmax. */
export function maxPool2dForward(
  out: Float32Array,
  argmax: Int32Array,
  input: Float32Array,
  shape: MaxPool2dShape,
): void {
  const { batch: N, channels: C, height: H, width: W, size: K, stride: S } = shape
  const OH = maxPool2dOutputSize(H, K, S)
  const OW = maxPool2dOutputSize(W, K, S)
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const plane = (n * C + c) * H * W
      for (let oh = 0; oh < OH; oh++) {
        for (let ow = 0; ow < OW; ow++) {
          let best = plane + oh * S * W + ow * S
          for (let kh = 0; kh < K; kh++) {
            for (let kw = 0; kw < K; kw++) {
              const i = plane + (oh * S + kh) * W + (ow * S + kw)
              if (input[i] > input[best]) {
                best = i
              }
            }
          }
          const o = ((n * C + c) * OH + oh) * OW + ow
          out[o] = input[best]
          argmax[o] = best
        }
      }
    }
  }
}

/** Accumulates dInput += dOut at each window's winning position (overlapping windows add up). */
export function maxPool2dBackward(dInput: Float32Array, dOut: Float32Array, argmax: Int32Array): void {
  for (let o = 0; o < dOut.length; o++) {
    dInput[argmax[o]] += dOut[o]
  }
}

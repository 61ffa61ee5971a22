// 2-D max pooling over square windows with optional padding. Padding counts as −∞ (it never wins), and windows
// that would run past the padded edge are dropped (floor mode), both as in PyTorch. The forward pass records
// which input won each window, so the backward pass is a scatter and never compares values again.
//
// N = batch, C = channels, H/W = input height/width, K = window size, S = stride, P = padding on every side
// (P ≤ K/2, so every window holds at least one real input), OH/OW = floor((H + 2P − K) / S) + 1
// input is (N, C, H, W), out and argmax are (N, C, OH, OW); argmax holds flat indices into input
// reference: https://pytorch.org/docs/stable/generated/torch.nn.MaxPool2d.html

export type Pool2dShape = Readonly<{
  batch: number
  channels: number
  height: number
  width: number
  size: number
  stride: number
  pad: number
}>

/** Output size along one axis; the same formula as app/model/layerGeometry.ts. */
export function pool2dOutputSize(size: number, windowSize: number, stride: number, pad = 0): number {
  return Math.floor((size + 2 * pad - windowSize) / stride) + 1
}

/** out = the largest value of each window; ties go to the first (row-major) position. Overwrites out, argmax. */
export function maxPool2dForward(
  out: Float32Array,
  argmax: Int32Array,
  input: Float32Array,
  shape: Pool2dShape,
): void {
  const { batch: N, channels: C, height: H, width: W, size: K, stride: S, pad: P } = shape
  const OH = pool2dOutputSize(H, K, S, P)
  const OW = pool2dOutputSize(W, K, S, P)
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const plane = (n * C + c) * H * W
      for (let oh = 0; oh < OH; oh++) {
        const h0 = Math.max(0, oh * S - P)
        const h1 = Math.min(H, oh * S - P + K)
        for (let ow = 0; ow < OW; ow++) {
          const w0 = Math.max(0, ow * S - P)
          const w1 = Math.min(W, ow * S - P + K)
          let best = plane + h0 * W + w0
          for (let h = h0; h < h1; h++) {
            for (let w = w0; w < w1; w++) {
              const i = plane + h * W + w
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

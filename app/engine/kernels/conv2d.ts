// 2-D convolution (cross-correlation, as in PyTorch), zero padding, square kernels, any stride.
// This is the naive reference: plain nested loops, obviously correct, slow. Faster variants will sit beside it
// under their own names and are tested against it; keep it.
//
// N = batch, C = input channels, H/W = input height/width, OC = output channels (filters), K = kernel size,
// S = stride, P = zero padding on every side, OH/OW = output height/width = floor((H + 2P - K) / S) + 1
// input is (N, C, H, W), weights is (OC, C, K, K), bias is (OC), out is (N, OC, OH, OW)
// reference: https://pytorch.org/docs/stable/generated/torch.nn.Conv2d.html

export type Conv2dShape = Readonly<{
  batch: number
  inChannels: number
  height: number
  width: number
  outChannels: number
  kernelSize: number
  stride: number
  pad: number
}>

/** Output size along one axis; the same formula as app/model/shapeInference.ts. */
export function conv2dOutputSize(size: number, kernelSize: number, stride: number, pad: number): number {
  return Math.floor((size + 2 * pad - kernelSize) / stride) + 1
}

/** out = bias + weights ⋆ input. Overwrites out. */
export function conv2dForward(
  out: Float32Array,
  input: Float32Array,
  weights: Float32Array,
  bias: Float32Array,
  shape: Conv2dShape,
): void {
  const {
    batch: N,
    inChannels: C,
    height: H,
    width: W,
    outChannels: OC,
    kernelSize: K,
    stride: S,
    pad: P,
  } = shape
  const OH = conv2dOutputSize(H, K, S, P)
  const OW = conv2dOutputSize(W, K, S, P)
  for (let n = 0; n < N; n++) {
    for (let oc = 0; oc < OC; oc++) {
      for (let oh = 0; oh < OH; oh++) {
        for (let ow = 0; ow < OW; ow++) {
          let sum = bias[oc]
          for (let c = 0; c < C; c++) {
            const inputPlane = (n * C + c) * H * W
            const kernel = (oc * C + c) * K * K
            for (let kh = 0; kh < K; kh++) {
              const ih = oh * S - P + kh
              if (ih < 0 || ih >= H) {
                continue // a zero-padding row contributes nothing
              }
              const inputRow = inputPlane + ih * W
              const kernelRow = kernel + kh * K
              for (let kw = 0; kw < K; kw++) {
                const iw = ow * S - P + kw
                if (iw < 0 || iw >= W) {
                  continue
                }
                sum += weights[kernelRow + kw] * input[inputRow + iw]
              }
            }
          }
          out[((n * OC + oc) * OH + oh) * OW + ow] = sum
        }
      }
    }
  }
}

/**
 * Accumulates (+=) the gradients of the loss with respect to input, weights and bias, given dOut (N, OC, OH, OW)
 * and the forward pass's input and weights. Each output position sends its gradient back to the inputs and
 * weights that produced it: the forward loops, run with the products' roles swapped.
 */
export function conv2dBackward(
  dInput: Float32Array,
  dWeights: Float32Array,
  dBias: Float32Array,
  dOut: Float32Array,
  input: Float32Array,
  weights: Float32Array,
  shape: Conv2dShape,
): void {
  const {
    batch: N,
    inChannels: C,
    height: H,
    width: W,
    outChannels: OC,
    kernelSize: K,
    stride: S,
    pad: P,
  } = shape
  const OH = conv2dOutputSize(H, K, S, P)
  const OW = conv2dOutputSize(W, K, S, P)
  for (let n = 0; n < N; n++) {
    for (let oc = 0; oc < OC; oc++) {
      for (let oh = 0; oh < OH; oh++) {
        for (let ow = 0; ow < OW; ow++) {
          const g = dOut[((n * OC + oc) * OH + oh) * OW + ow]
          dBias[oc] += g
          for (let c = 0; c < C; c++) {
            const inputPlane = (n * C + c) * H * W
            const kernel = (oc * C + c) * K * K
            for (let kh = 0; kh < K; kh++) {
              const ih = oh * S - P + kh
              if (ih < 0 || ih >= H) {
                continue
              }
              const inputRow = inputPlane + ih * W
              const kernelRow = kernel + kh * K
              for (let kw = 0; kw < K; kw++) {
                const iw = ow * S - P + kw
                if (iw < 0 || iw >= W) {
                  continue
                }
                dWeights[kernelRow + kw] += g * input[inputRow + iw]
                dInput[inputRow + iw] += g * weights[kernelRow + kw]
              }
            }
          }
        }
      }
    }
  }
}

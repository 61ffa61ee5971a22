// The fast 2-D convolution: the contract of conv2dForward / conv2dBackward (conv2d.ts, the naive reference it is
// tested against), computed per image as im2col + one matrix multiply. The multiply is a parameter
// (conv2dForwardWith / conv2dBackwardWith: the TypeScript matmul or the WebAssembly SIMD one). conv2dForwardFast
// and conv2dBackwardFast run the whole convolution in WebAssembly SIMD (wasm/conv2dSimd.ts) where it is available
// and fall back to im2col + the TypeScript matmul. Not threaded: threads split the batch above this level.
//
// N = batch, C = input channels, H/W = input height/width, OC = output channels, K = kernel size, S = stride,
// P = padding, OH/OW = output size, CKK = C*K*K (one filter's length), OHW = OH*OW (output positions)
// input is (N, C, H, W), weights is (OC, C, K, K) = (OC, CKK), bias is (OC), out is (N, OC, OH, OW)
// Per image n:  out[n] (OC, OHW) = weights (OC, CKK) · col (CKK, OHW) + bias,    col = im2col(input[n])
//               dWeights += dOut[n] · colᵀ,    dInput[n] += col2im(weightsᵀ · dOut[n]),    dBias += Σ dOut[n]

import { checkConv2dArguments } from './conv2dArguments'
import type { Conv2dShape } from './conv2d'
import { col2imAdd, im2col } from './im2col'
import type { MatmulKernel } from './matmul'
import { matmul } from './matmul'
import { conv2dBackwardSimd, conv2dForwardSimd } from './wasm/conv2dSimd'
import { isSimdAvailable } from './wasm/simdModule'

/** Scratch for one image's column matrix, grown on demand and kept: one per thread (module instance). */
let columnScratch = new Float32Array(0)

function columns(length: number): Float32Array {
  if (columnScratch.length < length) {
    columnScratch = new Float32Array(length)
  }
  return columnScratch.subarray(0, length)
}

/** A 1×1 kernel at stride 1 without padding reads the image as it is: its column matrix is the image. */
function isPointwise(shape: Conv2dShape): boolean {
  return shape.kernelSize === 1 && shape.stride === 1 && shape.pad === 0
}

/** conv2dForward with the given matrix multiply. Overwrites out. */
export function conv2dForwardWith(
  multiply: MatmulKernel,
  out: Float32Array,
  input: Float32Array,
  weights: Float32Array,
  bias: Float32Array,
  shape: Conv2dShape,
): void {
  const { N, OC, CKK, OHW, imageSize } = checkConv2dArguments('conv2dForwardWith', shape, {
    out,
    input,
    weights,
    bias,
  })
  const pointwise = isPointwise(shape)
  const col = pointwise ? null : columns(CKK * OHW)
  for (let n = 0; n < N; n++) {
    const outImage = out.subarray(n * OC * OHW, (n + 1) * OC * OHW)
    for (let oc = 0; oc < OC; oc++) {
      outImage.fill(bias[oc], oc * OHW, (oc + 1) * OHW)
    }
    let source: Float32Array
    if (col === null) {
      source = input.subarray(n * imageSize, (n + 1) * imageSize)
    } else {
      im2col(col, input, n, shape)
      source = col
    }
    multiply(outImage, weights, source, { rows: OC, inner: CKK, columns: OHW }, { accumulate: true })
  }
}

/** conv2dBackward with the given matrix multiply. Accumulates (+=) into dInput, dWeights and dBias. */
export function conv2dBackwardWith(
  multiply: MatmulKernel,
  dInput: Float32Array,
  dWeights: Float32Array,
  dBias: Float32Array,
  dOut: Float32Array,
  input: Float32Array,
  weights: Float32Array,
  shape: Conv2dShape,
): void {
  const arrays = { dInput, dWeights, dBias, dOut, input, weights }
  const { N, OC, CKK, OHW, imageSize } = checkConv2dArguments('conv2dBackwardWith', shape, arrays)
  const pointwise = isPointwise(shape)
  // Two scratch matrices of the same size: the image's columns, and the gradient with respect to them.
  const scratch = pointwise ? null : columns(2 * CKK * OHW)
  for (let n = 0; n < N; n++) {
    const dOutImage = dOut.subarray(n * OC * OHW, (n + 1) * OC * OHW)
    for (let oc = 0; oc < OC; oc++) {
      let sum = 0
      for (let p = oc * OHW; p < (oc + 1) * OHW; p++) {
        sum += dOutImage[p]
      }
      dBias[oc] += sum
    }
    const inputImage = input.subarray(n * imageSize, (n + 1) * imageSize)
    // dWeights (OC, CKK) += dOut[n] (OC, OHW) · colᵀ;  dCol (CKK, OHW) = weightsᵀ · dOut[n]
    const byColumns = { rows: OC, inner: OHW, columns: CKK }
    const byWeights = { rows: CKK, inner: OC, columns: OHW }
    if (scratch === null) {
      const dInputImage = dInput.subarray(n * imageSize, (n + 1) * imageSize)
      multiply(dWeights, dOutImage, inputImage, byColumns, { transposeB: true, accumulate: true })
      multiply(dInputImage, weights, dOutImage, byWeights, { transposeA: true, accumulate: true })
      continue
    }
    const col = scratch.subarray(0, CKK * OHW)
    const dCol = scratch.subarray(CKK * OHW)
    im2col(col, input, n, shape)
    multiply(dWeights, dOutImage, col, byColumns, { transposeB: true, accumulate: true })
    multiply(dCol, weights, dOutImage, byWeights, { transposeA: true })
    col2imAdd(dInput, dCol, n, shape)
  }
}

/** conv2dForward (conv2d.ts), fast: all in WebAssembly SIMD where it runs, else im2col + the TS matmul. */
export function conv2dForwardFast(
  out: Float32Array,
  input: Float32Array,
  weights: Float32Array,
  bias: Float32Array,
  shape: Conv2dShape,
): void {
  if (isSimdAvailable()) {
    conv2dForwardSimd(out, input, weights, bias, shape)
  } else {
    conv2dForwardWith(matmul, out, input, weights, bias, shape)
  }
}

/** conv2dBackward (conv2d.ts), fast: as conv2dForwardFast chooses. Accumulates. */
export function conv2dBackwardFast(
  dInput: Float32Array,
  dWeights: Float32Array,
  dBias: Float32Array,
  dOut: Float32Array,
  input: Float32Array,
  weights: Float32Array,
  shape: Conv2dShape,
): void {
  if (isSimdAvailable()) {
    conv2dBackwardSimd(dInput, dWeights, dBias, dOut, input, weights, shape)
  } else {
    conv2dBackwardWith(matmul, dInput, dWeights, dBias, dOut, input, weights, shape)
  }
}

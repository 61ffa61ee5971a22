// conv2dForward / conv2dBackward (conv2d.ts) wholly in WebAssembly SIMD (conv2dSimd.c): one call per batch, which
// copies the arrays into the module's memory, runs every image there (im2col fused into the matmul's packing) and
// copies the results out. Throws where WebAssembly SIMD is missing; conv2dFast.ts chooses.

import { assert } from '../../assert'
import type { Conv2dShape } from '../conv2d'
import { checkConv2dArguments } from '../conv2dArguments'
import { layOut, simdKernels } from './simdModule'
import type { SimdKernelExports } from './simdModule'

function kernelsFor(where: string): SimdKernelExports {
  const kernels = simdKernels()
  assert(
    kernels !== null,
    () => `${where}: this runtime has no WebAssembly SIMD; use conv2dForwardWith(matmul)`,
  )
  return kernels
}

function sizesOf(shape: Conv2dShape): number[] {
  const { inChannels, height, width, outChannels, kernelSize, stride, pad } = shape
  return [inChannels, height, width, outChannels, kernelSize, stride, pad]
}

/** conv2dForward in WebAssembly SIMD. Overwrites out. */
export function conv2dForwardSimd(
  out: Float32Array,
  input: Float32Array,
  weights: Float32Array,
  bias: Float32Array,
  shape: Conv2dShape,
): void {
  checkConv2dArguments('conv2dForwardSimd', shape, { out, input, weights, bias })
  const kernels = kernelsFor('conv2dForwardSimd')
  const scratch = kernels.conv2d_forward_scratch(...sizesOf(shape))
  const arrays = [out, input, weights, bias]
  const { memory, offsets, addresses } = layOut(kernels, [...arrays.map((array) => array.length), scratch])
  for (let i = 1; i < arrays.length; i++) {
    memory.set(arrays[i], offsets[i])
  }
  kernels.conv2d_forward(...addresses, shape.batch, ...sizesOf(shape))
  out.set(memory.subarray(offsets[0], offsets[0] + out.length))
}

/** conv2dBackward in WebAssembly SIMD. Accumulates (+=) into dInput, dWeights and dBias. */
export function conv2dBackwardSimd(
  dInput: Float32Array,
  dWeights: Float32Array,
  dBias: Float32Array,
  dOut: Float32Array,
  input: Float32Array,
  weights: Float32Array,
  shape: Conv2dShape,
): void {
  checkConv2dArguments('conv2dBackwardSimd', shape, { dInput, dWeights, dBias, dOut, input, weights })
  const kernels = kernelsFor('conv2dBackwardSimd')
  const scratch = kernels.conv2d_backward_scratch(...sizesOf(shape))
  const arrays = [dInput, dWeights, dBias, dOut, input, weights]
  const { memory, offsets, addresses } = layOut(kernels, [...arrays.map((array) => array.length), scratch])
  arrays.forEach((array, i) => memory.set(array, offsets[i])) // the gradients too: the C code adds to them
  kernels.conv2d_backward(...addresses, shape.batch, ...sizesOf(shape))
  for (let i = 0; i < 3; i++) {
    arrays[i].set(memory.subarray(offsets[i], offsets[i] + arrays[i].length))
  }
}

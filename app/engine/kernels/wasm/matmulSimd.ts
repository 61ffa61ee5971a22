// matmul (matmul.ts) on WebAssembly SIMD: the same contract, computed by matmulSimd.c. Each call copies A, B (and
// out, when accumulating) into the module's memory and the product back out; the copies are O(M·K + K·N + M·N)
// against O(M·K·N) multiply-adds. Where WebAssembly SIMD is missing (isSimdAvailable() false) it throws;
// fastestMatmul() picks the TypeScript matmul then.

import { assert } from '../../assert'
import { assertMatmulArguments, matmul } from '../matmul'
import type { MatmulKernel, MatmulOptions, MatmulShape } from '../matmul'
import { isSimdAvailable, layOut, simdKernels } from './simdModule'

/** matmul (matmul.ts) in WebAssembly SIMD. Same arguments, same result up to float rounding. */
export function matmulSimd(
  out: Float32Array,
  a: Float32Array,
  b: Float32Array,
  shape: MatmulShape,
  options: MatmulOptions = {},
): void {
  assertMatmulArguments('matmulSimd', out, a, b, shape)
  const kernels = simdKernels()
  assert(kernels !== null, 'matmulSimd: this runtime has no WebAssembly SIMD; use matmul instead')
  const { rows: M, inner: K, columns: N } = shape
  const { transposeA = false, transposeB = false, accumulate = false } = options
  // out, A, B, then the two packed panels matmulSimd.c fills: (ceil(M/4), K, 4) and (ceil(N/8), K, 8).
  const panels = [Math.ceil(M / 4) * 4 * K, Math.ceil(N / 8) * 8 * K]
  const { memory, offsets, addresses } = layOut(kernels, [M * N, M * K, K * N, ...panels])
  memory.set(a.subarray(0, M * K), offsets[1])
  memory.set(b.subarray(0, K * N), offsets[2])
  if (accumulate) {
    memory.set(out.subarray(0, M * N), offsets[0])
  }
  const flags = [transposeA, transposeB, accumulate].map((flag) => (flag ? 1 : 0))
  kernels.matmul(...addresses, M, K, N, ...flags)
  out.set(memory.subarray(offsets[0], offsets[0] + M * N))
}

/** matmulSimd where it runs, else the TypeScript matmul. */
export function fastestMatmul(): MatmulKernel {
  return isSimdAvailable() ? matmulSimd : matmul
}

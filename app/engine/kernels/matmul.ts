// Single-precision matrix multiply for the fast conv and dense kernels: out (M, N) = [out +] op(A) · op(B),
// where op(A) is A (M, K) or, with transposeA, the transpose of an A stored (K, M); likewise op(B) is B (K, N) or
// the transpose of a B stored (N, K). All row-major. matmulNaive is the reference; matmul is the same contract,
// register-blocked 4×4 and cache-blocked, in plain TypeScript (about 4× faster under V8). Not threaded.
//
// M = rows of out, K = inner (summed) dimension, N = columns of out
// reference: https://netlib.org/blas/ (SGEMM, with alpha = 1 and beta = 0 or 1)

import { assert } from '../assert'

export type MatmulShape = Readonly<{ rows: number; inner: number; columns: number }>

export type MatmulOptions = Readonly<{
  /** A is stored (K, M) and used transposed. */
  transposeA?: boolean
  /** B is stored (N, K) and used transposed. */
  transposeB?: boolean
  /** Add to out instead of overwriting it (how backward passes accumulate gradients). */
  accumulate?: boolean
}>

export type MatmulKernel = (
  out: Float32Array,
  a: Float32Array,
  b: Float32Array,
  shape: MatmulShape,
  options?: MatmulOptions,
) => void

/** Blocks chosen so a K_BLOCK × N_BLOCK panel of B (128 KB) stays in L2 while 4 rows of A stay in L1. */
const N_BLOCK = 256
const K_BLOCK = 128

/** The once-per-call check of every matmul variant: positive whole sizes and long enough arrays. */
export function assertMatmulArguments(
  where: string,
  out: Float32Array,
  a: Float32Array,
  b: Float32Array,
  shape: MatmulShape,
): void {
  const { rows: M, inner: K, columns: N } = shape
  assert(
    [M, K, N].every((size) => Number.isInteger(size) && size >= 1),
    () => `${where}: rows, inner and columns must be whole numbers ≥ 1, got ${M}, ${K}, ${N}`,
  )
  assert(
    out.length >= M * N && a.length >= M * K && b.length >= K * N,
    () =>
      `${where}: out, A and B hold ${out.length}, ${a.length} and ${b.length} values, ` +
      `expected at least M*N = ${M * N}, M*K = ${M * K} and K*N = ${K * N}`,
  )
}

/** The reference: one dot product per output value, summed in order k = 0..K-1. */
export function matmulNaive(
  out: Float32Array,
  a: Float32Array,
  b: Float32Array,
  shape: MatmulShape,
  options: MatmulOptions = {},
): void {
  assertMatmulArguments('matmulNaive', out, a, b, shape)
  const { rows: M, inner: K, columns: N } = shape
  const { transposeA = false, transposeB = false, accumulate = false } = options
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let sum = 0
      for (let k = 0; k < K; k++) {
        const aValue = transposeA ? a[k * M + i] : a[i * K + k]
        const bValue = transposeB ? b[j * K + k] : b[k * N + j]
        sum += aValue * bValue
      }
      out[i * N + j] = accumulate ? out[i * N + j] + sum : sum
    }
  }
}

/** The blocked version of matmulNaive: same contract, sums in a different order (so not bit-identical). */
export function matmul(
  out: Float32Array,
  a: Float32Array,
  b: Float32Array,
  shape: MatmulShape,
  options: MatmulOptions = {},
): void {
  assertMatmulArguments('matmul', out, a, b, shape)
  const { rows: M, inner: K, columns: N } = shape
  const { transposeA = false, transposeB = false, accumulate = false } = options
  if (!accumulate) {
    out.fill(0, 0, M * N)
  }
  // Element (i, k) of op(A) is a[i * aRow + k * aInner]; element (k, j) of op(B) is b[k * bInner + j * bColumn].
  const strides: Strides = {
    aRow: transposeA ? 1 : K,
    aInner: transposeA ? M : 1,
    bInner: transposeB ? 1 : N,
    bColumn: transposeB ? K : 1,
    outRow: N,
  }
  const M4 = M - (M % 4)
  const N4 = N - (N % 4)
  for (let j0 = 0; j0 < N4; j0 += N_BLOCK) {
    const j1 = Math.min(N4, j0 + N_BLOCK)
    for (let k0 = 0; k0 < K; k0 += K_BLOCK) {
      addTiles(out, a, b, strides, M4, j0, j1, k0, Math.min(K, k0 + K_BLOCK))
    }
  }
  // The ragged edges (fewer than 4 rows or columns) are thin: plain dot products.
  addScalar(out, a, b, strides, K, M4, M, 0, N)
  addScalar(out, a, b, strides, K, 0, M4, N4, N)
}

type Strides = Readonly<{ aRow: number; aInner: number; bInner: number; bColumn: number; outRow: number }>

/**
 * out[i..i+4, j..j+4] += Σ_{k0 ≤ k < k1} op(A)[i.., k] op(B)[k, j..] for every 4×4 tile with i < rowEnd and
 * j0 ≤ j < j1: sixteen sums held in locals (registers), eight loads per sixteen multiply-adds.
 */
function addTiles(
  out: Float32Array,
  a: Float32Array,
  b: Float32Array,
  strides: Strides,
  rowEnd: number,
  j0: number,
  j1: number,
  k0: number,
  k1: number,
): void {
  const { aRow, aInner, bInner, bColumn, outRow } = strides
  const a1 = aRow
  const a2 = 2 * aRow
  const a3 = 3 * aRow
  const b1 = bColumn
  const b2 = 2 * bColumn
  const b3 = 3 * bColumn
  for (let i = 0; i < rowEnd; i += 4) {
    for (let j = j0; j < j1; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0
      let pa = i * aRow + k0 * aInner
      let pb = k0 * bInner + j * bColumn
      for (let k = k0; k < k1; k++) {
        const x0 = a[pa]
        const x1 = a[pa + a1]
        const x2 = a[pa + a2]
        const x3 = a[pa + a3]
        const y0 = b[pb]
        const y1 = b[pb + b1]
        const y2 = b[pb + b2]
        const y3 = b[pb + b3]
        c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3
        c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3
        c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3
        c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3
        pa += aInner
        pb += bInner
      }
      let o = i * outRow + j
      out[o] += c00; out[o + 1] += c01; out[o + 2] += c02; out[o + 3] += c03
      o += outRow
      out[o] += c10; out[o + 1] += c11; out[o + 2] += c12; out[o + 3] += c13
      o += outRow
      out[o] += c20; out[o + 1] += c21; out[o + 2] += c22; out[o + 3] += c23
      o += outRow
      out[o] += c30; out[o + 1] += c31; out[o + 2] += c32; out[o + 3] += c33
    }
  }
}

/** out[i, j] += Σ_k op(A)[i, k] op(B)[k, j] for rows i0..i1-1 and columns j0..j1-1, one dot product each. */
function addScalar(
  out: Float32Array,
  a: Float32Array,
  b: Float32Array,
  strides: Strides,
  K: number,
  i0: number,
  i1: number,
  j0: number,
  j1: number,
): void {
  const { aRow, aInner, bInner, bColumn, outRow } = strides
  for (let i = i0; i < i1; i++) {
    for (let j = j0; j < j1; j++) {
      let sum = 0
      let pa = i * aRow
      let pb = j * bColumn
      for (let k = 0; k < K; k++) {
        sum += a[pa] * b[pb]
        pa += aInner
        pb += bInner
      }
      out[i * outRow + j] += sum
    }
  }
}

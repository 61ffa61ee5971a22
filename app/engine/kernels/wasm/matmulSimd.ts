// matmul (matmul.ts) on WebAssembly SIMD: the same contract, computed by matmulSimd.c. Each call copies A, B (and
// out, when accumulating) into the module's memory and the product back out; the copies are O(M·K + K·N + M·N)
// against O(M·K·N) multiply-adds. One module instance per thread, created on first use. Where WebAssembly SIMD
// is missing, isMatmulSimdAvailable() is false and matmulSimd throws: callers pick the TypeScript matmul then.

import { assert } from '../../assert'
import { assertMatmulArguments, matmul } from '../matmul'
import type { MatmulKernel, MatmulOptions, MatmulShape } from '../matmul'
import { MATMUL_SIMD_WASM_BASE64 } from './matmulSimdWasm'

// The few WebAssembly and base64 names used here; app/ compiles without DOM or Node types. Node and browsers
// both provide them.
type WasmMemory = { readonly buffer: ArrayBuffer; grow(pages: number): number }
type WasmExports = {
  memory: WasmMemory
  __heap_base: { value: number }
  matmul(...args: number[]): void
}
declare const WebAssembly: {
  validate(bytes: Uint8Array): boolean
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object, imports: object) => { exports: unknown }
}
declare function atob(base64: string): string

const PAGE_BYTES = 65536
const FLOAT_BYTES = 4
/** Keeps every array 16-byte aligned, as v128 loads prefer. */
const ALIGN_FLOATS = 4

let instance: WasmExports | null | undefined

function decodeBase64(base64: string): Uint8Array {
  const text = atob(base64)
  const bytes = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) {
    bytes[i] = text.charCodeAt(i)
  }
  return bytes
}

/** The module's exports, instantiated once; null when this runtime lacks WebAssembly SIMD. */
function load(): WasmExports | null {
  if (instance === undefined) {
    const bytes = decodeBase64(MATMUL_SIMD_WASM_BASE64)
    const isSupported = typeof WebAssembly === 'object' && WebAssembly.validate(bytes)
    instance = isSupported
      ? (new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as WasmExports)
      : null
  }
  return instance
}

/** Whether matmulSimd can run here (WebAssembly with the SIMD proposal: Node ≥ 16.4, Chromium ≥ 91). */
export function isMatmulSimdAvailable(): boolean {
  return load() !== null
}

/** matmulSimd where it runs, else the TypeScript matmul: what the fast kernels use. */
export function fastestMatmul(): MatmulKernel {
  return isMatmulSimdAvailable() ? matmulSimd : matmul
}

function aligned(floats: number): number {
  return Math.ceil(floats / ALIGN_FLOATS) * ALIGN_FLOATS
}

/** matmul (matmul.ts) in WebAssembly SIMD. Same arguments, same result up to float rounding. */
export function matmulSimd(
  out: Float32Array,
  a: Float32Array,
  b: Float32Array,
  shape: MatmulShape,
  options: MatmulOptions = {},
): void {
  assertMatmulArguments('matmulSimd', out, a, b, shape)
  const wasm = load()
  assert(wasm !== null, 'matmulSimd: this runtime has no WebAssembly SIMD; use matmul instead')
  const { rows: M, inner: K, columns: N } = shape
  const { transposeA = false, transposeB = false, accumulate = false } = options
  // Float offsets into the memory: out, A, B, then the two packed panels matmulSimd.c fills.
  const outAt = aligned(wasm.__heap_base.value / FLOAT_BYTES)
  const aAt = outAt + aligned(M * N)
  const bAt = aAt + aligned(M * K)
  const packedAAt = bAt + aligned(K * N)
  const packedBAt = packedAAt + aligned(Math.ceil(M / 4) * 4 * K)
  const end = packedBAt + Math.ceil(N / 8) * 8 * K
  const missing = end * FLOAT_BYTES - wasm.memory.buffer.byteLength
  if (missing > 0) {
    wasm.memory.grow(Math.ceil(missing / PAGE_BYTES)) // detaches old views; the views below are made after it
  }
  const memory = new Float32Array(wasm.memory.buffer)
  memory.set(a.subarray(0, M * K), aAt)
  memory.set(b.subarray(0, K * N), bAt)
  if (accumulate) {
    memory.set(out.subarray(0, M * N), outAt)
  }
  const flag = (value: boolean) => (value ? 1 : 0)
  wasm.matmul(
    outAt * FLOAT_BYTES,
    aAt * FLOAT_BYTES,
    bAt * FLOAT_BYTES,
    packedAAt * FLOAT_BYTES,
    packedBAt * FLOAT_BYTES,
    M,
    K,
    N,
    flag(transposeA),
    flag(transposeB),
    flag(accumulate),
  )
  out.set(memory.subarray(outAt, outAt + M * N))
}

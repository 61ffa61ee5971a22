// The WebAssembly SIMD kernels module (simdKernelsWasm.ts, built from the C files beside this one): instantiated
// once per thread on first use, with its memory handed out as one growing scratch area. The kernels' wrappers
// (matmulSimd.ts, conv2dSimd.ts) copy their arrays in, call, and copy the results out; nothing is kept between calls.

import { SIMD_KERNELS_WASM_BASE64 } from './simdKernelsWasm'

// The few WebAssembly and base64 names used here; app/ compiles without DOM or Node types, and Node and
// browsers both provide them.
type WasmMemory = { readonly buffer: ArrayBuffer; grow(pages: number): number }
declare const WebAssembly: {
  validate(bytes: Uint8Array): boolean
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object, imports: object) => { exports: unknown }
}
declare function atob(base64: string): string

/** The C functions, called with byte addresses and sizes. */
export type SimdKernelExports = Readonly<{
  memory: WasmMemory
  __heap_base: { value: number }
  matmul(...args: number[]): void
  conv2d_forward(...args: number[]): void
  conv2d_forward_scratch(...args: number[]): number
  conv2d_backward(...args: number[]): void
  conv2d_backward_scratch(...args: number[]): number
}>

const PAGE_BYTES = 65536
const FLOAT_BYTES = 4
/** Every array starts 16-byte aligned, as v128 loads prefer. */
const ALIGN_FLOATS = 4

let instance: SimdKernelExports | null | undefined

function decodeBase64(base64: string): Uint8Array {
  const text = atob(base64)
  const bytes = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) {
    bytes[i] = text.charCodeAt(i)
  }
  return bytes
}

/** The module's exports, instantiated once; null when this runtime lacks WebAssembly SIMD. */
export function simdKernels(): SimdKernelExports | null {
  if (instance === undefined) {
    const bytes = decodeBase64(SIMD_KERNELS_WASM_BASE64)
    const isSupported = typeof WebAssembly === 'object' && WebAssembly.validate(bytes)
    instance = isSupported
      ? (new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as SimdKernelExports)
      : null
  }
  return instance
}

/** Whether the SIMD kernels run here (WebAssembly with SIMD: Node ≥ 16.4, Chromium ≥ 91). */
export function isSimdAvailable(): boolean {
  return simdKernels() !== null
}

/**
 * Lays out consecutive float arrays of the given lengths in the module's memory (growing it if needed) and
 * returns a Float32Array over the whole memory plus each array's float offset and byte address.
 */
export function layOut(
  kernels: SimdKernelExports,
  lengths: readonly number[],
): { memory: Float32Array; offsets: number[]; addresses: number[] } {
  const offsets: number[] = []
  let next = Math.ceil(kernels.__heap_base.value / FLOAT_BYTES / ALIGN_FLOATS) * ALIGN_FLOATS
  for (const length of lengths) {
    offsets.push(next)
    next += Math.ceil(length / ALIGN_FLOATS) * ALIGN_FLOATS
  }
  const missing = next * FLOAT_BYTES - kernels.memory.buffer.byteLength
  if (missing > 0) {
    kernels.memory.grow(Math.ceil(missing / PAGE_BYTES)) // detaches earlier views: the one below comes after
  }
  const addresses = offsets.map((offset) => offset * FLOAT_BYTES)
  return { memory: new Float32Array(kernels.memory.buffer), offsets, addresses }
}

// Memory layout used by every kernel, layer and network in the engine, written down once:
//
//   A batch of activations is (N, C, H, W) — batch, channels, height, width — row-major in one Float32Array,
//   so element (n, c, h, w) lives at ((n * C + c) * H + h) * W + w. One sample is C*H*W contiguous values.
//   A vector (after flatten or dense) is the same thing with H = W = 1, so flatten is free.
//
// The engine has no Tensor class on purpose: kernels take plain Float32Arrays plus a small shape object.

import type { TensorShape } from '../model/networkSpec'
import { assert } from './assert'

/** Number of values in one sample of this shape (C*H*W). */
export function sampleSize(shape: TensorShape): number {
  return shape.height * shape.width * shape.channels
}

/**
 * A scratch buffer that a layer reuses between calls: it grows when asked for more values and otherwise hands
 * back a view of its first `length` values, so a smaller last batch does not reallocate.
 */
export class ScratchBuffer {
  private data = new Float32Array(0)

  /** A view of `length` values; the contents are whatever the last user left there. */
  view(length: number): Float32Array {
    if (this.data.length < length) {
      this.data = new Float32Array(length)
    }
    return this.data.subarray(0, length)
  }

  /** A view of `length` values, all zero: for gradients that kernels accumulate into. */
  zeroed(length: number): Float32Array {
    const view = this.view(length)
    view.fill(0)
    return view
  }
}

/** The edge check every layer makes once per call: `values` must hold exactly N samples of `shape`. */
export function assertBatchLength(
  where: string,
  values: Float32Array,
  batchSize: number,
  shape: TensorShape,
): void {
  assert(
    Number.isInteger(batchSize) && batchSize >= 1,
    () => `${where}: batch size must be an integer ≥ 1, got ${batchSize}`,
  )
  const expected = batchSize * sampleSize(shape)
  assert(
    values.length === expected,
    () =>
      `${where}: got ${values.length} values, expected N*C*H*W = ` +
      `${batchSize}*${shape.channels}*${shape.height}*${shape.width} = ${expected}`,
  )
}

/** The arrays end to end in one new array: how weights and optimiser state travel and are saved. */
export function concatenate(arrays: readonly Float32Array[]): Float32Array {
  const result = new Float32Array(arrays.reduce((sum, array) => sum + array.length, 0))
  let offset = 0
  for (const array of arrays) {
    result.set(array, offset)
    offset += array.length
  }
  return result
}

/** The inverse of concatenate: copies consecutive slices of source into the arrays; lengths must add up. */
export function splitInto(arrays: readonly Float32Array[], source: Float32Array, where: string): void {
  const expected = arrays.reduce((sum, array) => sum + array.length, 0)
  assert(source.length === expected, () => `${where}: got ${source.length} values, expected ${expected}`)
  let offset = 0
  for (const array of arrays) {
    array.set(source.subarray(offset, offset + array.length))
    offset += array.length
  }
}

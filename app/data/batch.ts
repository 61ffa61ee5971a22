// Turns a slice of a dataset into network input: uint8 HWC images -> float32 NCHW, normalised per channel,
// and their labels. Writes into caller-owned buffers so the training loop allocates nothing per batch.
// Not a sampler: which indices, in which order, is the caller's business (shuffling, augmentation).

import { assert } from '../engine/assert'
import { checkIndices, imageByteLength } from './imageDataset'
import type { ImageDataset, Normalization } from './imageDataset'

/** Checks the range and the indices it names; returns indices[start .. start+batchSize) as a plain array. */
function batchIndicesOf(
  name: string,
  dataset: ImageDataset,
  indices: ArrayLike<number>,
  start: number,
  batchSize: number,
): number[] {
  assert(
    Number.isInteger(start) && Number.isInteger(batchSize) && start >= 0 && batchSize >= 0,
    () => `${name}: start and batchSize must be whole numbers ≥ 0, got ${start} and ${batchSize}`,
  )
  assert(
    start + batchSize <= indices.length,
    () => `${name}: batch ${start}..${start + batchSize - 1} runs past the ${indices.length} indices`,
  )
  const batchIndices = Array.prototype.slice.call(indices, start, start + batchSize) as number[]
  checkIndices(batchIndices, dataset.count, name)
  return batchIndices
}

/**
 * Writes images indices[start .. start+batchSize) into out as (N, C, H, W) with
 * out = (value / 255 - mean[c]) / std[c]. out may be longer than needed (a reused buffer for a short last batch).
 */
export function fillInputBatch(
  out: Float32Array,
  dataset: ImageDataset,
  indices: ArrayLike<number>,
  start: number,
  batchSize: number,
  normalization: Normalization,
): void {
  const { height, width, channels } = dataset.imageShape
  const pixels = height * width
  const imageBytes = imageByteLength(dataset.imageShape)
  const batchIndices = batchIndicesOf('fillInputBatch', dataset, indices, start, batchSize)
  assert(
    out.length >= batchSize * imageBytes,
    () => `fillInputBatch: out holds ${out.length} values, expected at least N*C*H*W = ${batchSize}*${imageBytes}`,
  )
  assert(
    normalization.mean.length === channels && normalization.std.length === channels,
    () => `fillInputBatch: normalization has ${normalization.mean.length} means and ${normalization.std.length} ` +
      `stds, expected one per channel (${channels})`,
  )

  // One 256-entry table per channel: the exact formula once per byte value instead of once per pixel.
  const table = new Float32Array(256 * channels)
  for (let c = 0; c < channels; c++) {
    for (let value = 0; value < 256; value++) {
      table[c * 256 + value] = (value / 255 - normalization.mean[c]) / normalization.std[c]
    }
  }
  const images = dataset.images
  for (let n = 0; n < batchSize; n++) {
    const source = batchIndices[n] * imageBytes
    const target = n * imageBytes
    for (let c = 0; c < channels; c++) {
      const plane = target + c * pixels
      const tableOffset = c * 256
      for (let p = 0; p < pixels; p++) {
        out[plane + p] = table[tableOffset + images[source + p * channels + c]]
      }
    }
  }
}

/** Writes the labels of images indices[start .. start+batchSize) into out. */
export function fillLabelBatch(
  out: Int32Array,
  dataset: ImageDataset,
  indices: ArrayLike<number>,
  start: number,
  batchSize: number,
): void {
  const batchIndices = batchIndicesOf('fillLabelBatch', dataset, indices, start, batchSize)
  assert(out.length >= batchSize, () => `fillLabelBatch: out holds ${out.length} labels, expected ${batchSize}`)
  for (let n = 0; n < batchSize; n++) {
    out[n] = dataset.labels[batchIndices[n]]
  }
}

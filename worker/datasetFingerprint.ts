// A short fingerprint of a dataset's content (images, labels, splits), saved in checkpoints so a run is only
// resumed on the data it was trained on.

import type { ImageDataset } from '../app/data/imageDataset'
import { crc32 } from '../app/formats/crc32'

export function datasetFingerprint(dataset: ImageDataset): string {
  const { train, validation, test } = dataset.splits
  let hash = crc32(dataset.images)
  hash = crc32(dataset.labels, hash)
  for (const split of [train, validation, test]) {
    hash = crc32(new Uint8Array(split.buffer, split.byteOffset, split.byteLength), hash)
  }
  const { height, width, channels } = dataset.imageShape
  return `${dataset.count}x${height}x${width}x${channels}-${(hash >>> 0).toString(16).padStart(8, '0')}`
}

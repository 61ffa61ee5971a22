// The CIFAR-10 binary batch format: a pure codec from a batch file's bytes to uint8 HWC images and labels, and
// the class-name list of batches.meta.txt. Reading folders and choosing splits is the host's job
// (main/services/cifarImport.ts). Not CIFAR-100 (two label bytes per record) and not the Python pickles.
//
//   record = label u8 | 1024 red | 1024 green | 1024 blue (each plane 32×32, row-major)
//   a batch is records end to end
// reference: https://www.cs.toronto.edu/~kriz/cifar.html ("Binary version")

import { ValidationError } from '../protocol/errors'

export const CIFAR_SIDE = 32
export const CIFAR_CHANNELS = 3
const PLANE_BYTES = CIFAR_SIDE * CIFAR_SIDE
/** One label byte then three 32×32 colour planes. */
export const CIFAR_RECORD_BYTES = 1 + CIFAR_CHANNELS * PLANE_BYTES

export type CifarBatch = Readonly<{ images: Uint8Array; labels: Uint8Array; count: number }>

/** Decodes a batch to count×32×32×3 HWC pixels and count labels; `name` (a file name) starts every error. */
export function decodeCifarBatch(bytes: Uint8Array, name: string): CifarBatch {
  if (bytes.length === 0 || bytes.length % CIFAR_RECORD_BYTES !== 0) {
    const records = Math.floor(bytes.length / CIFAR_RECORD_BYTES)
    throw new ValidationError(
      `${name}: not a CIFAR-10 batch: ${bytes.length} bytes, expected a non-zero multiple of ` +
        `${CIFAR_RECORD_BYTES} (1 label byte + 32×32×3 pixels per image); ` +
        `${records} whole records and ${bytes.length % CIFAR_RECORD_BYTES} bytes left over`,
    )
  }
  const count = bytes.length / CIFAR_RECORD_BYTES
  const labels = new Uint8Array(count)
  const images = new Uint8Array(count * PLANE_BYTES * CIFAR_CHANNELS)
  for (let i = 0; i < count; i++) {
    const record = i * CIFAR_RECORD_BYTES
    labels[i] = bytes[record]
    const out = i * PLANE_BYTES * CIFAR_CHANNELS
    // Planar RGB on disk, interleaved HWC in memory (what every other importer produces).
    for (let c = 0; c < CIFAR_CHANNELS; c++) {
      const plane = record + 1 + c * PLANE_BYTES
      for (let p = 0; p < PLANE_BYTES; p++) {
        images[out + p * CIFAR_CHANNELS + c] = bytes[plane + p]
      }
    }
  }
  return { images, labels, count }
}

/** Class names from batches.meta.txt, one per line in label order; blank lines and outer spaces ignored. */
export function parseCifarMeta(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
}

// The manifest's per-image facts held column by column in typed arrays (entry i is position i of every column),
// as an import builds them and the manifest stores them: at 100,000 images this is ~100 bytes per image outside
// the JS heap, where one object per image cost ~1 KB of heap and kept the collector's thresholds growing. Also
// the one-object-per-entry view (ManifestEntry) for code that looks at a single entry.

import { CONTENT_HASH_BYTES } from '../data/duplicateGroups'
import { hexOf, writeHex } from '../data/typedArrays'
import { PackedStrings } from './packedStrings'

/** One image of a dataset as the manifest describes it. */
export type ManifestEntry = Readonly<{
  /** '/'-separated, relative to the source folder (or the CSV's folder); IDX/CIFAR: '<file>#<record>'. */
  path: string
  byteLength: number
  mtimeMs: number
  /** SHA-256 of the source file's bytes (IDX/CIFAR: of the record's pixels), 64 lower-case hex digits. */
  contentHash: string
  /** 16 lower-case hex digits: the dHash's high then low word, of the PREPROCESSED image. */
  perceptualHash: string
  /** Source image size before resizing. */
  width: number
  height: number
  label: number
  split: 0 | 1 | 2
  /** Position in dataset.cnnds. */
  index: number
}>

export { CONTENT_HASH_BYTES } from '../data/duplicateGroups'

export type ManifestEntries = Readonly<{
  count: number
  paths: PackedStrings
  byteLengths: Float64Array
  mtimesMs: Float64Array
  /** CONTENT_HASH_BYTES per entry. */
  contentHashes: Uint8Array
  /** Two words per entry: the dHash's high word, then its low word. */
  perceptualHashes: Uint32Array
  widths: Uint32Array
  heights: Uint32Array
  labels: Uint8Array
  /** 0 train, 1 validation, 2 test. */
  splits: Uint8Array
  indices: Uint32Array
}>

/** Columns for `count` entries, zero-filled, with no paths yet (push them in entry order). */
export function createManifestEntries(count: number): ManifestEntries {
  return {
    count,
    paths: new PackedStrings(),
    byteLengths: new Float64Array(count),
    mtimesMs: new Float64Array(count),
    contentHashes: new Uint8Array(count * CONTENT_HASH_BYTES),
    perceptualHashes: new Uint32Array(count * 2),
    widths: new Uint32Array(count),
    heights: new Uint32Array(count),
    labels: new Uint8Array(count),
    splits: new Uint8Array(count),
    indices: new Uint32Array(count),
  }
}

export function contentHashHex(entries: ManifestEntries, index: number): string {
  return hexOf(entries.contentHashes.subarray(index * CONTENT_HASH_BYTES, (index + 1) * CONTENT_HASH_BYTES))
}

export function perceptualHashHex(entries: ManifestEntries, index: number): string {
  const word = (value: number) => (value >>> 0).toString(16).padStart(8, '0')
  return word(entries.perceptualHashes[2 * index]) + word(entries.perceptualHashes[2 * index + 1])
}

/** Entry i as one object. */
export function manifestEntryAt(entries: ManifestEntries, index: number): ManifestEntry {
  return {
    path: entries.paths.at(index),
    byteLength: entries.byteLengths[index],
    mtimeMs: entries.mtimesMs[index],
    contentHash: contentHashHex(entries, index),
    perceptualHash: perceptualHashHex(entries, index),
    width: entries.widths[index],
    height: entries.heights[index],
    label: entries.labels[index],
    split: entries.splits[index] as 0 | 1 | 2,
    index: entries.indices[index],
  }
}

/** Every entry as an object: for tests and small datasets, never for a whole import. */
export function manifestEntryList(entries: ManifestEntries): ManifestEntry[] {
  return Array.from({ length: entries.count }, (_, index) => manifestEntryAt(entries, index))
}

/** Columns from entry objects (hashes must already be well-formed hex). */
export function manifestEntriesFrom(list: readonly ManifestEntry[]): ManifestEntries {
  const entries = createManifestEntries(list.length)
  list.forEach((entry, i) => {
    entries.paths.push(entry.path)
    entries.byteLengths[i] = entry.byteLength
    entries.mtimesMs[i] = entry.mtimeMs
    writeHex(entry.contentHash, entries.contentHashes, i * CONTENT_HASH_BYTES)
    entries.perceptualHashes[2 * i] = parseInt(entry.perceptualHash.slice(0, 8), 16)
    entries.perceptualHashes[2 * i + 1] = parseInt(entry.perceptualHash.slice(8), 16)
    entries.widths[i] = entry.width
    entries.heights[i] = entry.height
    entries.labels[i] = entry.label
    entries.splits[i] = entry.split
    entries.indices[i] = entry.index
  })
  return entries
}

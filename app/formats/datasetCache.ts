// The dataset cache: one file holding a decoded, resized dataset (uint8 pixels, labels, splits) so a project
// opens without decoding its images again. Pure byte codec plus where the file lives in a project; the layout
// is documented for people in docs/dataset-cache.md, the header's fields in datasetCacheHeader.ts. Reading and
// writing files is the host's job: it writes encodeDatasetCacheHead's bytes, then the images straight after.
//
//   "CNNSDSET" | version u32 LE | header length u32 LE | header (UTF-8 JSON) | labels u8×count |
//   split u8×count (0 train, 1 validation, 2 test) | images u8×count×H×W×C (HWC per image)

import { checkImageDataset, imageByteLength } from '../data/imageDataset'
import type { DatasetSplits, ImageDataset } from '../data/imageDataset'
import type { TensorShape } from '../model/networkSpec'
import { fail } from '../protocol/validate'
import { validateDatasetCacheHeader } from './datasetCacheHeader'
import type { DatasetCacheHeader } from './datasetCacheHeader'
import { countSplitCodes, datasetSplitCodes, splitsFromCodes } from './splitCodes'
import { decodeUtf8Strict, encodeUtf8 } from './utf8'

export type { DatasetCacheHeader } from './datasetCacheHeader'

export const DATASET_CACHE_MAGIC = 'CNNSDSET'
export const DATASET_CACHE_VERSION = 1
export const DATASET_CACHE_FILE_NAME = 'dataset.cnnds'
/** Magic (8 bytes), format version (u32), header length (u32). */
export const DATASET_CACHE_PREAMBLE_BYTES = 16

const MAX_HEADER_BYTES = 16 * 1024 * 1024
/** Same rule as the trainer protocol's dataset ids: lower-case letters, digits and '-', at most 100. */
const DATASET_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,99}$/

/** Header fields an encoder may add to what the dataset itself says (all optional). */
export type DatasetCacheExtras = Pick<
  DatasetCacheHeader,
  'kind' | 'importId' | 'preprocessing' | 'split' | 'splitOrigin' | 'normalization'
>

/** Throws unless `id` is a dataset id (so it is safe as a folder name: no separators, no "..", no dots). */
export function expectDatasetId(id: unknown, path: string): string {
  if (typeof id !== 'string' || !DATASET_ID_PATTERN.test(id)) {
    fail(path, id, 'a dataset id: lower-case letters, digits and "-", starting with a letter or digit, at most 100')
  }
  return id
}

/** Where a dataset's cache lives inside a project folder, '/'-separated: datasets/<id>/dataset.cnnds. */
export function datasetCacheRelativePath(id: string): string {
  return `datasets/${expectDatasetId(id, 'dataset id')}/${DATASET_CACHE_FILE_NAME}`
}

function describeCounts(counts: readonly number[]): string {
  return `${counts.join('/')} train/validation/test images`
}

/**
 * Preamble, header, labels and split codes: everything in the file before the images, which the host writes
 * straight after from its own array (so a 300 MB dataset is never copied into a second buffer). Throws unless
 * the header is valid and agrees with the labels and split codes.
 */
export function encodeDatasetCacheHead(
  header: DatasetCacheHeader,
  labels: Uint8Array,
  splitCodes: Uint8Array,
): Uint8Array {
  const where = 'encodeDatasetCacheHead'
  const checked = validateDatasetCacheHeader(header)
  const { count, classNames, splits } = checked
  if (labels.length !== count || splitCodes.length !== count) {
    throw new Error(`${where}: ${labels.length} labels and ${splitCodes.length} split codes, the header says ${count}`)
  }
  const badLabel = labels.findIndex((label) => label >= classNames.length)
  if (badLabel >= 0) {
    throw new Error(`${where}: image ${badLabel} has label ${labels[badLabel]}, expected < ${classNames.length}`)
  }
  const counts = countSplitCodes(splitCodes)
  const expected = [splits.train, splits.validation, splits.test]
  if (counts.some((n, code) => n !== expected[code])) {
    throw new Error(`${where}: the split codes hold ${describeCounts(counts)}, the header ${describeCounts(expected)}`)
  }
  const headerBytes = encodeUtf8(JSON.stringify(checked))
  if (headerBytes.length > MAX_HEADER_BYTES) {
    throw new Error(`${where}: the header is ${headerBytes.length} bytes, more than ${MAX_HEADER_BYTES}`)
  }
  const bytes = new Uint8Array(DATASET_CACHE_PREAMBLE_BYTES + headerBytes.length + 2 * count)
  for (let i = 0; i < DATASET_CACHE_MAGIC.length; i++) {
    bytes[i] = DATASET_CACHE_MAGIC.charCodeAt(i)
  }
  const view = new DataView(bytes.buffer)
  view.setUint32(8, DATASET_CACHE_VERSION, true)
  view.setUint32(12, headerBytes.length, true)
  bytes.set(headerBytes, DATASET_CACHE_PREAMBLE_BYTES)
  bytes.set(labels, DATASET_CACHE_PREAMBLE_BYTES + headerBytes.length)
  bytes.set(splitCodes, DATASET_CACHE_PREAMBLE_BYTES + headerBytes.length + count)
  return bytes
}

/** The whole file in one buffer (fine for small datasets and tests; hosts write the head, then the images). */
export function encodeDatasetCache(dataset: ImageDataset, source: string, extras: DatasetCacheExtras = {}): Uint8Array {
  checkImageDataset(dataset, 'encodeDatasetCache')
  const { count, splits } = dataset
  let splitCodes: Uint8Array
  try {
    splitCodes = datasetSplitCodes(splits, count)
  } catch (error) {
    throw new Error(`encodeDatasetCache: ${(error as Error).message}`)
  }
  const header: DatasetCacheHeader = {
    name: dataset.name,
    classNames: dataset.classNames,
    imageShape: dataset.imageShape,
    count,
    splits: { train: splits.train.length, validation: splits.validation.length, test: splits.test.length },
    source,
    ...extras,
  }
  const head = encodeDatasetCacheHead(header, dataset.labels, splitCodes)
  const bytes = new Uint8Array(head.length + dataset.images.length)
  bytes.set(head)
  bytes.set(dataset.images, head.length)
  return bytes
}

function describeShape(shape: TensorShape): string {
  return `${shape.height}×${shape.width}×${shape.channels}`
}

function describeMagic(bytes: Uint8Array): string {
  const text = String.fromCharCode(...bytes)
  if (/^[\x20-\x7e]*$/.test(text)) {
    return JSON.stringify(text)
  }
  return `bytes ${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join(' ')}`
}

/**
 * Checks the 16-byte preamble (magic, version, header length) and returns where the header ends: how many
 * bytes a host must read to list a dataset (readDatasetCacheHeader) without its images.
 */
export function datasetCacheHeaderEnd(bytes: Uint8Array): number {
  if (bytes.length < DATASET_CACHE_PREAMBLE_BYTES) {
    throw new Error(
      `dataset cache is truncated: ${bytes.length} bytes, shorter than the ${DATASET_CACHE_PREAMBLE_BYTES}-byte ` +
        'preamble (magic, version, header length)',
    )
  }
  const magic = bytes.subarray(0, DATASET_CACHE_MAGIC.length)
  if (String.fromCharCode(...magic) !== DATASET_CACHE_MAGIC) {
    throw new Error(
      `not a CNN Studio dataset cache: wrong magic ${describeMagic(magic)}, expected "${DATASET_CACHE_MAGIC}"`,
    )
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const version = view.getUint32(8, true)
  if (version > DATASET_CACHE_VERSION) {
    throw new Error(
      `dataset cache format version ${version} is newer than this CNN Studio reads ` +
        `(up to ${DATASET_CACHE_VERSION}); update CNN Studio, or import the images again`,
    )
  }
  if (version < 1) {
    throw new Error(`dataset cache is corrupt: format version ${version} does not exist (versions start at 1)`)
  }
  const headerLength = view.getUint32(12, true)
  if (headerLength > MAX_HEADER_BYTES) {
    throw new Error(`dataset cache is corrupt: header length ${headerLength} bytes, more than ${MAX_HEADER_BYTES}`)
  }
  return DATASET_CACHE_PREAMBLE_BYTES + headerLength
}

/** Reads the preamble and JSON header only; needs just the first bytes of the file. Returns where data starts. */
export function decodeDatasetCacheHeader(bytes: Uint8Array): { header: DatasetCacheHeader; dataOffset: number } {
  const dataOffset = datasetCacheHeaderEnd(bytes)
  if (dataOffset > bytes.length) {
    const available = bytes.length - DATASET_CACHE_PREAMBLE_BYTES
    throw new Error(
      `dataset cache is truncated: the header needs ${dataOffset - DATASET_CACHE_PREAMBLE_BYTES} bytes, ` +
        `only ${available} follow`,
    )
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(decodeUtf8Strict(bytes.subarray(DATASET_CACHE_PREAMBLE_BYTES, dataOffset)))
  } catch (error) {
    throw new Error(`dataset cache is corrupt: the header is not UTF-8 JSON (${(error as Error).message})`)
  }
  const header = validateDatasetCacheHeader(parsed)
  const splitTotal = header.splits.train + header.splits.validation + header.splits.test
  if (splitTotal !== header.count) {
    throw new Error(`dataset cache is corrupt: the header's splits add up to ${splitTotal}, not ${header.count}`)
  }
  return { header, dataOffset }
}

/** The header of a cache, from at least its first datasetCacheHeaderEnd(bytes) bytes (for listing datasets). */
export function readDatasetCacheHeader(bytes: Uint8Array): DatasetCacheHeader {
  return decodeDatasetCacheHeader(bytes).header
}

/**
 * Decodes a whole cache with its header (import settings, normalisation), or throws saying what is wrong (wrong
 * magic, newer version, truncated, corrupt); never returns a partial dataset. The returned images are a view
 * into `bytes` (no copy: caches can be hundreds of MB).
 */
export function decodeDatasetCacheWithHeader(bytes: Uint8Array): { dataset: ImageDataset; header: DatasetCacheHeader } {
  const { header, dataOffset } = decodeDatasetCacheHeader(bytes)
  const { count, imageShape } = header
  const imagesOffset = dataOffset + 2 * count
  const expectedEnd = imagesOffset + count * imageByteLength(imageShape)
  if (bytes.length < expectedEnd) {
    throw new Error(
      `dataset cache is truncated: ${count} images of ${describeShape(imageShape)} need ${expectedEnd} bytes ` +
        `in all, the file has ${bytes.length} (was it cut short while copying?)`,
    )
  }
  if (bytes.length > expectedEnd) {
    throw new Error(`dataset cache is corrupt: ${bytes.length - expectedEnd} unexpected bytes after the images`)
  }
  let splits: DatasetSplits
  try {
    splits = splitsFromCodes(bytes.subarray(dataOffset + count, imagesOffset))
  } catch (error) {
    throw new Error(`dataset cache is corrupt: ${(error as Error).message}`)
  }
  const found = [splits.train.length, splits.validation.length, splits.test.length]
  const expected = [header.splits.train, header.splits.validation, header.splits.test]
  if (found.some((n, code) => n !== expected[code])) {
    throw new Error(
      `dataset cache is corrupt: the split bytes hold ${describeCounts(found)}, the header ${describeCounts(expected)}`,
    )
  }
  const dataset: ImageDataset = {
    name: header.name,
    classNames: header.classNames,
    imageShape,
    images: bytes.subarray(imagesOffset, expectedEnd),
    labels: bytes.slice(dataOffset, dataOffset + count),
    count,
    splits,
  }
  try {
    checkImageDataset(dataset, 'dataset cache')
  } catch (error) {
    throw new Error(`dataset cache is corrupt: ${(error as Error).message}`)
  }
  return { dataset, header }
}

/** decodeDatasetCacheWithHeader without the header. */
export function decodeDatasetCache(bytes: Uint8Array): ImageDataset {
  return decodeDatasetCacheWithHeader(bytes).dataset
}

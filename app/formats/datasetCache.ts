// The dataset cache: one file holding a decoded, resized dataset (uint8 pixels, labels, splits) so a project
// opens without decoding its images again. Pure byte codec plus where the file lives in a project; the layout
// is documented for people in docs/dataset-cache.md. Reading and writing files is the host's job.
//
//   "CNNSDSET" | version u32 LE | header length u32 LE | header (UTF-8 JSON) | labels u8×count |
//   split u8×count (0 train, 1 validation, 2 test) | images u8×count×H×W×C (HWC per image)

import { checkImageDataset, imageByteLength, MAX_CLASSES } from '../data/imageDataset'
import type { ImageDataset } from '../data/imageDataset'
import type { TensorShape } from '../model/networkSpec'
import { expectArray, expectInteger, expectRecord, expectString, fail } from '../protocol/validate'

// Both exist in browsers and in Node; declared here because app/ compiles without DOM or Node types.
declare class TextEncoder {
  encode(text: string): Uint8Array
}
declare class TextDecoder {
  constructor(label: string, options: { fatal: boolean })
  decode(bytes: Uint8Array): string
}

export const DATASET_CACHE_MAGIC = 'CNNSDSET'
export const DATASET_CACHE_VERSION = 1
export const DATASET_CACHE_FILE_NAME = 'dataset.cnnds'
/** Magic (8 bytes), format version (u32), header length (u32). */
export const DATASET_CACHE_PREAMBLE_BYTES = 16

const MAX_HEADER_BYTES = 16 * 1024 * 1024
const MAX_IMAGE_SIDE = 4096
const SPLIT_CODES = { train: 0, validation: 1, test: 2 } as const
/** Same rule as the trainer protocol's dataset ids: lower-case letters, digits and '-', at most 100. */
const DATASET_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,99}$/

/** What the JSON header says; enough to list a dataset without reading its images. */
export type DatasetCacheHeader = Readonly<{
  name: string
  classNames: readonly string[]
  imageShape: TensorShape
  count: number
  splits: Readonly<{ train: number; validation: number; test: number }>
  /** Where the data came from, for people: a folder path, "built-in sample", … */
  source: string
}>

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

export function encodeDatasetCache(dataset: ImageDataset, source: string): Uint8Array {
  checkImageDataset(dataset, 'encodeDatasetCache')
  const { count, splits } = dataset
  const splitCodes = new Uint8Array(count).fill(255)
  for (const [part, code] of Object.entries(SPLIT_CODES)) {
    for (const index of splits[part as keyof typeof SPLIT_CODES]) {
      if (!(index >= 0 && index < count) || splitCodes[index] !== 255) {
        throw new Error(`encodeDatasetCache: split ${part} holds index ${index}, which is out of range or repeated`)
      }
      splitCodes[index] = code
    }
  }
  const header: DatasetCacheHeader = {
    name: dataset.name,
    classNames: dataset.classNames,
    imageShape: dataset.imageShape,
    count,
    splits: { train: splits.train.length, validation: splits.validation.length, test: splits.test.length },
    source,
  }
  const headerBytes = new TextEncoder().encode(JSON.stringify(header))
  const length = DATASET_CACHE_PREAMBLE_BYTES + headerBytes.length + 2 * count + dataset.images.length
  const bytes = new Uint8Array(length)
  for (let i = 0; i < DATASET_CACHE_MAGIC.length; i++) {
    bytes[i] = DATASET_CACHE_MAGIC.charCodeAt(i)
  }
  const view = new DataView(bytes.buffer)
  view.setUint32(8, DATASET_CACHE_VERSION, true)
  view.setUint32(12, headerBytes.length, true)
  let offset = DATASET_CACHE_PREAMBLE_BYTES
  for (const part of [headerBytes, dataset.labels, splitCodes, dataset.images]) {
    bytes.set(part, offset)
    offset += part.length
  }
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

function validateHeader(value: unknown): DatasetCacheHeader {
  const path = 'dataset cache header'
  const record = expectRecord(value, path)
  const shape = expectRecord(record.imageShape, `${path}.imageShape`)
  const splits = expectRecord(record.splits, `${path}.splits`)
  const count = expectInteger(record.count, `${path}.count`, 0, 2 ** 31 - 1)
  return {
    name: expectString(record.name, `${path}.name`),
    classNames: expectArray(record.classNames, `${path}.classNames`, MAX_CLASSES).map((name, i) =>
      expectString(name, `${path}.classNames[${i}]`, { maxLength: 200 }),
    ),
    imageShape: {
      height: expectInteger(shape.height, `${path}.imageShape.height`, 1, MAX_IMAGE_SIDE),
      width: expectInteger(shape.width, `${path}.imageShape.width`, 1, MAX_IMAGE_SIDE),
      channels: expectInteger(shape.channels, `${path}.imageShape.channels`, 1, 4),
    },
    count,
    splits: {
      train: expectInteger(splits.train, `${path}.splits.train`, 0, count),
      validation: expectInteger(splits.validation, `${path}.splits.validation`, 0, count),
      test: expectInteger(splits.test, `${path}.splits.test`, 0, count),
    },
    source: expectString(record.source, `${path}.source`, { maxLength: 100_000 }),
  }
}

/** Reads the preamble and JSON header only; needs just the first bytes of the file. Returns where data starts. */
export function decodeDatasetCacheHeader(bytes: Uint8Array): { header: DatasetCacheHeader; dataOffset: number } {
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
  const available = bytes.length - DATASET_CACHE_PREAMBLE_BYTES
  if (headerLength > MAX_HEADER_BYTES) {
    throw new Error(`dataset cache is corrupt: header length ${headerLength} bytes, more than ${MAX_HEADER_BYTES}`)
  }
  if (headerLength > available) {
    throw new Error(`dataset cache is truncated: the header needs ${headerLength} bytes, only ${available} follow`)
  }
  const dataOffset = DATASET_CACHE_PREAMBLE_BYTES + headerLength
  let parsed: unknown
  try {
    const headerBytes = bytes.subarray(DATASET_CACHE_PREAMBLE_BYTES, dataOffset)
    const text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes)
    parsed = JSON.parse(text)
  } catch (error) {
    throw new Error(`dataset cache is corrupt: the header is not UTF-8 JSON (${(error as Error).message})`)
  }
  const header = validateHeader(parsed)
  const splitTotal = header.splits.train + header.splits.validation + header.splits.test
  if (splitTotal !== header.count) {
    throw new Error(`dataset cache is corrupt: the header's splits add up to ${splitTotal}, not ${header.count}`)
  }
  return { header, dataOffset }
}

/**
 * Decodes a whole cache, or throws saying what is wrong (wrong magic, newer version, truncated, corrupt); never
 * returns a partial dataset. The returned images are a view into `bytes` (no copy: caches can be hundreds of MB).
 */
export function decodeDatasetCache(bytes: Uint8Array): ImageDataset {
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
  const labels = bytes.slice(dataOffset, dataOffset + count)
  const splitCodes = bytes.subarray(dataOffset + count, imagesOffset)
  const parts = {
    train: new Int32Array(header.splits.train),
    validation: new Int32Array(header.splits.validation),
    test: new Int32Array(header.splits.test),
  }
  const filled = { train: 0, validation: 0, test: 0 }
  const names = ['train', 'validation', 'test'] as const
  for (let index = 0; index < count; index++) {
    const name = names[splitCodes[index]]
    if (name === undefined || filled[name] >= parts[name].length) {
      throw new Error(
        `dataset cache is corrupt: image ${index} has split code ${splitCodes[index]}, ` +
          `expected 0, 1 or 2 and as many of each as the header says`,
      )
    }
    parts[name][filled[name]++] = index
  }
  const dataset: ImageDataset = {
    name: header.name,
    classNames: header.classNames,
    imageShape: header.imageShape,
    images: bytes.subarray(imagesOffset, expectedEnd),
    labels,
    count,
    splits: parts,
  }
  try {
    checkImageDataset(dataset, 'dataset cache')
  } catch (error) {
    throw new Error(`dataset cache is corrupt: ${(error as Error).message}`)
  }
  return dataset
}

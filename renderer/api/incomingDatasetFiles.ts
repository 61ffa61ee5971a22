// Checks the answers that carry a dataset's bytes: a page of cached images for the grid and one source file for
// the doctor's clickable paths, plus the small answer to a cancel. Typed arrays are checked for their kind and
// length against the shape the answer itself states, so a drawing loop can trust every index.

import type { DatasetImagePage, SourceFileView } from '../../app/protocol/studioApi'
import { MAX_IMAGE_PAGE } from '../../app/protocol/studioApi'
import {
  expectBoolean,
  expectInteger,
  expectRecord,
  expectString,
  fail,
} from '../../app/protocol/validate'
import { COUNT_MAX, expectCount } from './incomingCounts'
import { parseTensorShape } from './incomingDataset'

function expectTyped<T extends Int32Array | Uint8Array>(
  value: unknown,
  path: string,
  kind: { new (length: number): T; name: string },
  length: number,
): T {
  if (!(value instanceof kind) || value.length !== length) {
    fail(path, value, `a ${kind.name} of ${length}`)
  }
  return value as T
}

export function parseDatasetImagePage(value: unknown, path = 'image page'): DatasetImagePage {
  const record = expectRecord(value, path)
  const total = expectCount(record.total, `${path}.total`)
  const offset = expectCount(record.offset, `${path}.offset`)
  const imageShape = parseTensorShape(record.imageShape, `${path}.imageShape`)
  if (!(record.indices instanceof Int32Array) || record.indices.length > MAX_IMAGE_PAGE) {
    fail(`${path}.indices`, record.indices, `an Int32Array of at most ${MAX_IMAGE_PAGE}`)
  }
  const count = record.indices.length
  if (offset + count > total) {
    fail(`${path}.indices`, record.indices, `at most ${total - offset} images (total ${total}, offset ${offset})`)
  }
  const splits = expectTyped(record.splits, `${path}.splits`, Uint8Array, count)
  const badSplit = splits.findIndex((code) => code > 2)
  if (badSplit >= 0) {
    fail(`${path}.splits[${badSplit}]`, splits[badSplit], '0 (train), 1 (validation) or 2 (test)')
  }
  const imageSize = imageShape.height * imageShape.width * imageShape.channels
  return {
    datasetId: expectString(record.datasetId, `${path}.datasetId`),
    total,
    offset,
    indices: record.indices,
    labels: expectTyped(record.labels, `${path}.labels`, Uint8Array, count),
    splits,
    imageShape,
    pixels: expectTyped(record.pixels, `${path}.pixels`, Uint8Array, count * imageSize),
  }
}

export function parseSourceFileView(value: unknown, path = 'source file'): SourceFileView {
  const record = expectRecord(value, path)
  const mimeType =
    record.mimeType === null ? null : expectString(record.mimeType, `${path}.mimeType`, { maxLength: 100 })
  const byteLength = expectInteger(record.byteLength, `${path}.byteLength`, 0, Number.MAX_SAFE_INTEGER)
  let bytes: Uint8Array | null = null
  if (record.bytes !== null) {
    if (mimeType === null) {
      fail(`${path}.bytes`, record.bytes, 'null when mimeType is null')
    }
    bytes = expectTyped(record.bytes, `${path}.bytes`, Uint8Array, byteLength)
  }
  return {
    path: expectString(record.path, `${path}.path`),
    absolutePath: expectString(record.absolutePath, `${path}.absolutePath`),
    byteLength,
    mimeType,
    bytes,
    problem:
      record.problem === null ? null : expectString(record.problem, `${path}.problem`, { maxLength: 65_536 }),
    index: expectInteger(record.index, `${path}.index`, -1, COUNT_MAX),
  }
}

export function parseCancelResult(value: unknown, path = 'cancel result'): { cancelled: boolean } {
  const record = expectRecord(value, path)
  return { cancelled: expectBoolean(record.cancelled, `${path}.cancelled`) }
}

import { describe, expect, test } from 'vitest'
import { generateSampleShapes } from '../../../app/data/sampleShapes'
import {
  DATASET_CACHE_PREAMBLE_BYTES,
  datasetCacheRelativePath,
  decodeDatasetCache,
  decodeDatasetCacheHeader,
  encodeDatasetCache,
  expectDatasetId,
} from '../../../app/formats/datasetCache'

const dataset = generateSampleShapes({ perClass: 10, size: 8, seed: 5 })
const encoded = encodeDatasetCache(dataset, '/home/me/shapes')

function patched(bytes: Uint8Array, edit: (copy: Uint8Array, view: DataView) => void): Uint8Array {
  const copy = bytes.slice()
  edit(copy, new DataView(copy.buffer))
  return copy
}

/** A cache whose header is replaced by `header` (the rest kept as is). */
function withHeader(header: unknown): Uint8Array {
  const { dataOffset } = decodeDatasetCacheHeader(encoded)
  const json = new TextEncoder().encode(JSON.stringify(header))
  const bytes = new Uint8Array(DATASET_CACHE_PREAMBLE_BYTES + json.length + encoded.length - dataOffset)
  bytes.set(encoded.subarray(0, DATASET_CACHE_PREAMBLE_BYTES))
  new DataView(bytes.buffer).setUint32(12, json.length, true)
  bytes.set(json, DATASET_CACHE_PREAMBLE_BYTES)
  bytes.set(encoded.subarray(dataOffset), DATASET_CACHE_PREAMBLE_BYTES + json.length)
  return bytes
}

describe('dataset cache codec', () => {
  test('round-trips a dataset exactly', () => {
    const decoded = decodeDatasetCache(encoded)
    expect(decoded).toEqual({ ...dataset, classNames: [...dataset.classNames] })
  })

  test('starts with the documented preamble and a readable header', () => {
    expect(new TextDecoder().decode(encoded.subarray(0, 8))).toBe('CNNSDSET')
    const view = new DataView(encoded.buffer)
    expect(view.getUint32(8, true)).toBe(1)
    const { header, dataOffset } = decodeDatasetCacheHeader(encoded.subarray(0, 16 + view.getUint32(12, true)))
    expect(header).toEqual({
      name: dataset.name,
      classNames: dataset.classNames,
      imageShape: { height: 8, width: 8, channels: 3 },
      count: 60,
      splits: { train: 48, validation: 6, test: 6 },
      source: '/home/me/shapes',
    })
    expect(encoded.length).toBe(dataOffset + 60 * 2 + 60 * 8 * 8 * 3)
    expect(Array.from(encoded.subarray(dataOffset, dataOffset + 60))).toEqual(Array.from(dataset.labels))
    const splitCodes = encoded.subarray(dataOffset + 60, dataOffset + 120)
    expect(Array.from(dataset.splits.test, (i) => splitCodes[i])).toEqual(Array(6).fill(2))
  })

  test('rejects a wrong magic', () => {
    const bytes = patched(encoded, (copy) => copy.set(new TextEncoder().encode('PK\u0003\u0004'), 0))
    expect(() => decodeDatasetCache(bytes)).toThrow(/not a CNN Studio dataset cache: wrong magic/)
  })

  test('rejects a newer format version, and version 0', () => {
    expect(() => decodeDatasetCache(patched(encoded, (_, view) => view.setUint32(8, 2, true)))).toThrow(
      /format version 2 is newer than this CNN Studio reads \(up to 1\)/,
    )
    expect(() => decodeDatasetCache(patched(encoded, (_, view) => view.setUint32(8, 0, true)))).toThrow(/version 0/)
  })

  test('rejects truncation anywhere, saying so', () => {
    const { dataOffset } = decodeDatasetCacheHeader(encoded)
    const cuts = [0, 7, 15, dataOffset - 1, dataOffset, dataOffset + 30, dataOffset + 200, encoded.length - 1]
    for (const length of cuts) {
      expect(() => decodeDatasetCache(encoded.subarray(0, length)), `cut at ${length}`).toThrow(/truncated/)
    }
  })

  test('rejects trailing bytes, bad split codes, bad labels and bad headers as corrupt', () => {
    const { dataOffset } = decodeDatasetCacheHeader(encoded)
    const longer = new Uint8Array(encoded.length + 3)
    longer.set(encoded)
    expect(() => decodeDatasetCache(longer)).toThrow(/corrupt: 3 unexpected bytes/)
    const badSplitCode = patched(encoded, (copy) => (copy[dataOffset + 60] = 7))
    expect(() => decodeDatasetCache(badSplitCode)).toThrow(/split code 7/)
    expect(() => decodeDatasetCache(patched(encoded, (copy) => (copy[dataOffset] = 6)))).toThrow(/corrupt.*label 6/)
    expect(() => decodeDatasetCache(patched(encoded, (copy) => (copy[16] = 0x7b + 1)))).toThrow(/not UTF-8 JSON/)
    const header = decodeDatasetCacheHeader(encoded).header
    expect(() => decodeDatasetCache(withHeader({ ...header, count: -1 }))).toThrow(/header.count/)
    const badSplits = withHeader({ ...header, splits: { train: 1, validation: 0, test: 0 } })
    expect(() => decodeDatasetCache(badSplits)).toThrow(/splits add up to 1/)
  })

  test('refuses to encode a dataset whose splits overlap', () => {
    const overlapping = { ...dataset, splits: { ...dataset.splits, test: dataset.splits.validation } }
    expect(() => encodeDatasetCache(overlapping, 'x')).toThrow(/repeated/)
  })
})

describe('dataset ids and paths', () => {
  test('accept lower-case letters, digits and dashes only', () => {
    expect(expectDatasetId('cats-dogs-1a2b3c4d', 'id')).toBe('cats-dogs-1a2b3c4d')
    for (const bad of ['', '..', '../x', 'a/b', 'a\\b', 'A', 'a.b', '-a', 'a'.repeat(101), 7]) {
      expect(() => expectDatasetId(bad, 'id'), String(bad)).toThrow(/id: got .*expected a dataset id/)
    }
  })

  test('a cache lives at datasets/<id>/dataset.cnnds', () => {
    expect(datasetCacheRelativePath('shapes-1')).toBe('datasets/shapes-1/dataset.cnnds')
    expect(() => datasetCacheRelativePath('../etc')).toThrow(/dataset id/)
  })
})

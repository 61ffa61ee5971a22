import { describe, expect, test } from 'vitest'
import { computeNormalization } from '../../../app/data/imageDataset'
import { generateSampleShapes } from '../../../app/data/sampleShapes'
import {
  DATASET_CACHE_PREAMBLE_BYTES,
  datasetCacheHeaderEnd,
  datasetCacheRelativePath,
  decodeDatasetCache,
  decodeDatasetCacheHeader,
  decodeDatasetCacheWithHeader,
  encodeDatasetCache,
  encodeDatasetCacheHead,
  expectDatasetId,
  readDatasetCacheHeader,
} from '../../../app/formats/datasetCache'
import type { DatasetCacheExtras, DatasetCacheHeader } from '../../../app/formats/datasetCache'
import { datasetSplitCodes } from '../../../app/formats/splitCodes'

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

/** A version-1 file as written before the optional header fields existed, built byte by byte from the spec. */
function oldLayoutBytes(): Uint8Array {
  const oldHeader = {
    name: dataset.name,
    classNames: dataset.classNames,
    imageShape: dataset.imageShape,
    count: dataset.count,
    splits: { train: 48, validation: 6, test: 6 },
    source: 'old',
  }
  const json = new TextEncoder().encode(JSON.stringify(oldHeader))
  const count = dataset.count
  const bytes = new Uint8Array(16 + json.length + 2 * count + dataset.images.length)
  bytes.set(new TextEncoder().encode('CNNSDSET'))
  new DataView(bytes.buffer).setUint32(8, 1, true)
  new DataView(bytes.buffer).setUint32(12, json.length, true)
  bytes.set(json, 16)
  bytes.set(dataset.labels, 16 + json.length)
  for (const [code, part] of [dataset.splits.train, dataset.splits.validation, dataset.splits.test].entries()) {
    for (const index of part) {
      bytes[16 + json.length + count + index] = code
    }
  }
  bytes.set(dataset.images, 16 + json.length + 2 * count)
  return bytes
}

const extras: DatasetCacheExtras = {
  kind: 'imageFolder',
  importId: '0123456789abcdef0123456789abcdef',
  preprocessing: { size: 8, colorMode: 'rgb', resizeMode: 'centerCrop' },
  split: { validation: 0.1, test: 0.1, seed: 7 },
  splitOrigin: 'seeded',
  normalization: computeNormalization(dataset, dataset.splits.train),
}
const full = encodeDatasetCache(dataset, '/home/me/shapes', extras)
const fullHeader = readDatasetCacheHeader(full)

describe('optional header fields', () => {
  test('a file in the old layout, without them, still decodes, and its header lacks them', () => {
    const { dataset: decoded, header } = decodeDatasetCacheWithHeader(oldLayoutBytes())
    expect(decoded).toEqual({ ...dataset, classNames: [...dataset.classNames] })
    for (const key of Object.keys(extras)) {
      expect(header, key).not.toHaveProperty(key)
    }
  })

  test('round-trip exactly, normalisation numbers included', () => {
    const { dataset: decoded, header } = decodeDatasetCacheWithHeader(full)
    expect(decoded).toEqual({ ...dataset, classNames: [...dataset.classNames] })
    expect(header).toEqual({ ...decodeDatasetCacheHeader(encoded).header, ...extras })
    expect(header.normalization!.mean).toEqual(extras.normalization!.mean)
    expect(header.normalization!.std).toEqual(extras.normalization!.std)
  })

  test('the head plus the images is the whole file, and the head alone lists the dataset', () => {
    const head = encodeDatasetCacheHead(fullHeader, dataset.labels, datasetSplitCodes(dataset.splits, dataset.count))
    expect(head.length + dataset.images.length).toBe(full.length)
    expect(Array.from(head)).toEqual(Array.from(full.subarray(0, head.length)))
    const headerEnd = datasetCacheHeaderEnd(head.subarray(0, DATASET_CACHE_PREAMBLE_BYTES))
    expect(head.length).toBe(headerEnd + 2 * dataset.count)
    expect(readDatasetCacheHeader(head.subarray(0, headerEnd))).toEqual(fullHeader)
    expect(() => readDatasetCacheHeader(head.subarray(0, headerEnd - 1))).toThrow(/truncated/)
  })

  test('present fields are validated when read, naming the field', () => {
    const bad: [Partial<Record<keyof DatasetCacheHeader, unknown>>, RegExp][] = [
      [{ kind: 'zip' }, /header.kind/],
      [{ importId: 'not hex!' }, /header.importId/],
      [{ importId: 17 }, /header.importId/],
      [{ preprocessing: { size: 9, colorMode: 'rgb', resizeMode: 'squash' } }, /preprocessing.size: got 9.*8×8/],
      [{ preprocessing: { size: 8, colorMode: 'grayscale', resizeMode: 'squash' } }, /preprocessing.colorMode/],
      [{ preprocessing: { size: 8, colorMode: 'rgb', resizeMode: 'stretch' } }, /preprocessing.resizeMode/],
      [{ preprocessing: { size: 8, colorMode: 'rgb' } }, /preprocessing.resizeMode: got nothing/],
      [{ split: { validation: 0.5, test: 0.5, seed: 1 } }, /header.split: .*at most 0.9/],
      [{ split: { validation: 0.1, test: 0.1 } }, /header.split.seed/],
      [{ splitOrigin: 'guessed' }, /header.splitOrigin/],
      [{ normalization: { mean: [0.5, 0.5], std: [0.2, 0.2] } }, /normalization.mean: .*one value per channel \(3\)/],
      [{ normalization: { mean: [0.5, 0.5, 0.5], std: [0.2, 0, 0.2] } }, /normalization.std\[1\].*above 0/],
      [{ normalization: { mean: [0.5, null, 0.5], std: [0.2, 0.2, 0.2] } }, /normalization.mean\[1\]: got null/],
      [{ normalization: { mean: [0.5, 0.5, 0.5], std: [0.2, -1, 0.2] } }, /normalization.std\[1\]/],
      [{ normalization: { mean: [0.5, 0.5, 0.5] } }, /normalization.std: got nothing/],
    ]
    for (const [fields, message] of bad) {
      const text = JSON.stringify(fields)
      expect(() => decodeDatasetCache(withHeader({ ...fullHeader, ...fields })), text).toThrow(message)
      const codes = datasetSplitCodes(dataset.splits, dataset.count)
      const header = { ...fullHeader, ...fields } as DatasetCacheHeader
      expect(() => encodeDatasetCacheHead(header, dataset.labels, codes), text).toThrow(message)
    }
  })

  test('grayscale preprocessing fits a one-channel image shape', () => {
    const gray = generateSampleShapes({ perClass: 2, size: 8, seed: 1 })
    const oneChannel = {
      ...gray,
      imageShape: { height: 8, width: 8, channels: 1 },
      images: gray.images.filter((_, i) => i % 3 === 0),
    }
    const bytes = encodeDatasetCache(oneChannel, 'gray', {
      preprocessing: { size: 8, colorMode: 'grayscale', resizeMode: 'letterbox' },
      normalization: { mean: [0.25], std: [1] },
    })
    expect(readDatasetCacheHeader(bytes).normalization).toEqual({ mean: [0.25], std: [1] })
  })
})

describe('encodeDatasetCacheHead', () => {
  const codes = datasetSplitCodes(dataset.splits, dataset.count)

  test('refuses labels or split codes that disagree with the header', () => {
    expect(() => encodeDatasetCacheHead(fullHeader, dataset.labels.subarray(1), codes)).toThrow(/59 labels/)
    const badLabels = dataset.labels.slice()
    badLabels[3] = 9
    expect(() => encodeDatasetCacheHead(fullHeader, badLabels, codes)).toThrow(/image 3 has label 9/)
    const moved = codes.slice()
    moved[dataset.splits.train[0]] = 2
    expect(() => encodeDatasetCacheHead(fullHeader, dataset.labels, moved)).toThrow(
      /hold 47\/6\/7 train\/validation\/test images, the header 48\/6\/6/,
    )
    const badCode = codes.slice()
    badCode[5] = 3
    expect(() => encodeDatasetCacheHead(fullHeader, dataset.labels, badCode)).toThrow(/image 5 has split code 3/)
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

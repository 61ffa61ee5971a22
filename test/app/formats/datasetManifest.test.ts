import { describe, expect, test } from 'vitest'
import { DATASET_MANIFEST_FILE_NAME, datasetManifestRelativePath, decodeDatasetManifest, encodeDatasetManifest,
  formatPerceptualHash, isManifestOfCache, parsePerceptualHash } from '../../../app/formats/datasetManifest'
import type { DatasetManifest, ManifestEntry } from '../../../app/formats/datasetManifest'
import type { DatasetCacheHeader } from '../../../app/formats/datasetCache'

/** Deterministic hex digits (a small LCG), so the fixture is the same on every run. */
function hexDigits(seed: number, length: number): string {
  let state = seed >>> 0
  let text = ''
  while (text.length < length) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    text += state.toString(16).padStart(8, '0')
  }
  return text.slice(0, length)
}

function entryAt(i: number, classCount: number): ManifestEntry {
  return {
    path: `class ${i % classCount}/sub dir/image-${i} é.png`,
    byteLength: 300 + (i % 977),
    mtimeMs: 1_712_345_678_901.125 + i,
    contentHash: hexDigits(i * 2 + 1, 64),
    perceptualHash: hexDigits(i * 2 + 2, 16),
    width: 20 + (i % 50),
    height: 30 + (i % 7),
    label: i % classCount,
    split: (i % 10 === 0 ? 1 : i % 10 === 1 ? 2 : 0) as 0 | 1 | 2,
    index: i,
  }
}

function manifestOf(count: number): DatasetManifest {
  const classNames = ['cats', 'dogs', 'écureuil roux']
  return {
    version: 1,
    importId: '00ff00ff00ff00ff',
    kind: 'imageFolder',
    source: '/home/me/Pictures/animals',
    name: 'animals',
    classNames,
    preprocessing: { size: 32, colorMode: 'rgb', resizeMode: 'letterbox' },
    split: { validation: 0.1, test: 0.1, seed: 3 },
    splitOrigin: 'seeded',
    entries: Array.from({ length: count }, (_, i) => entryAt(i, classNames.length)),
    problems: [
      { path: 'cats/broken.jpg', reason: 'truncated JPEG' },
      { path: 'dogs/empty.png', reason: 'zero-byte file' },
    ],
  }
}

const small = manifestOf(20)
const smallText = encodeDatasetManifest(small)

/** The small manifest's JSON with `edit` applied to the parsed object, re-serialised. */
function edited(edit: (json: Record<string, any>) => void): string {
  const json = JSON.parse(smallText)
  edit(json)
  return JSON.stringify(json)
}

describe('dataset manifest codec', () => {
  test('round-trips a manifest exactly', () => {
    expect(decodeDatasetManifest(smallText, 'manifest.json')).toEqual(small)
  })

  test('is columnar: one array per field, entry i at position i of each', () => {
    const json = JSON.parse(smallText)
    expect(Object.keys(json.entries).sort()).toEqual(Object.keys(small.entries[0]).sort())
    for (const [field, column] of Object.entries(json.entries)) {
      expect(column, field).toEqual(small.entries.map((entry) => entry[field as keyof ManifestEntry]))
    }
    expect(json.problems).toEqual({
      path: ['cats/broken.jpg', 'dogs/empty.png'],
      reason: ['truncated JPEG', 'zero-byte file'],
    })
    expect(json.version).toBe(1)
  })

  test('100,000 entries round-trip and stay well under 25 MB', () => {
    const large = manifestOf(100_000)
    const text = encodeDatasetManifest(large)
    expect(text.length).toBeLessThan(25_000_000)
    // Columnar: no field name is repeated per entry.
    expect(text.split('"contentHash"').length - 1).toBe(1)
    const decoded = decodeDatasetManifest(text, 'large')
    // A deep toEqual over 100,000 objects takes seconds; re-encoding must give the same text, plus spot checks.
    expect(decoded.entries.length).toBe(100_000)
    for (const i of [0, 1, 54_321, 99_999]) {
      expect(decoded.entries[i]).toEqual(large.entries[i])
    }
    expect(encodeDatasetManifest(decoded)).toBe(text)
  })

  test('an empty manifest (no entries, no problems) round-trips', () => {
    const empty = { ...small, entries: [], problems: [] }
    expect(decodeDatasetManifest(encodeDatasetManifest(empty), 'x')).toEqual(empty)
  })

  test('refuses text that is not JSON, and a newer version', () => {
    expect(() => decodeDatasetManifest('{"version": 1, ', 'datasets/a/manifest.json')).toThrow(
      /datasets\/a\/manifest.json: not a dataset manifest, the text is not JSON/,
    )
    expect(() => decodeDatasetManifest(edited((json) => (json.version = 2)), 'm')).toThrow(/m.version: got 2.*newer/)
  })

  test('names the bad field and entry', () => {
    const cases: [(json: Record<string, any>) => void, RegExp][] = [
      [(json) => delete json.importId, /m.importId: got nothing/],
      [(json) => (json.kind = 'zip'), /m.kind/],
      [(json) => (json.classNames = []), /m.classNames: .*at least one class/],
      [(json) => (json.preprocessing.size = 2), /m.preprocessing.size/],
      [(json) => (json.split = { validation: 0.1, test: 0.1 }), /m.split.seed: got nothing/],
      [(json) => (json.splitOrigin = 'random'), /m.splitOrigin/],
      [(json) => delete json.entries.mtimeMs, /m.entries.mtimeMs: got nothing/],
      [(json) => json.entries.label.pop(), /m.entries.label: got an array of 19, expected 20 values/],
      [(json) => json.entries.path.push('extra.png'), /m.entries.byteLength: got an array of 20, expected 21/],
      [(json) => (json.entries.path[3] = ''), /m.entries.path\[3\]: got "", expected a non-empty path/],
      [(json) => (json.entries.path[4] = 'a\u0000b.png'), /m.entries.path\[4\].*without NUL/],
      [(json) => (json.entries.path[5] = 17), /m.entries.path\[5\]: got 17/],
      [(json) => (json.entries.byteLength[1] = -1), /m.entries.byteLength\[1\]/],
      [(json) => (json.entries.mtimeMs[2] = null), /m.entries.mtimeMs\[2\]: got null/],
      [(json) => (json.entries.contentHash[6] = 'AB'.repeat(32)), /m.entries.contentHash\[6\].*64 lower-case hex/],
      [(json) => (json.entries.contentHash[6] = 'ab'.repeat(31)), /m.entries.contentHash\[6\]/],
      [(json) => (json.entries.perceptualHash[7] = '0123456789abcdeg'), /m.entries.perceptualHash\[7\]/],
      [(json) => (json.entries.width[8] = 0), /m.entries.width\[8\]/],
      [(json) => (json.entries.height[8] = 1.5), /m.entries.height\[8\]/],
      [(json) => (json.entries.label[9] = 3), /m.entries.label\[9\]: got 3, expected a class index from 0 to 2/],
      [(json) => (json.entries.split[10] = 3), /m.entries.split\[10\]: got 3/],
      [(json) => (json.entries.index[11] = 12), /m.entries.index\[12\]: got 12, expected .*no other entry has/],
      [(json) => (json.entries.index[11] = 20), /m.entries.index\[11\]: got 20.*from 0 to 19/],
      [(json) => (json.entries.index[11] = -1), /m.entries.index\[11\]/],
      [(json) => (json.problems.path[1] = ''), /m.problems.path\[1\]/],
      [(json) => json.problems.reason.pop(), /m.problems.reason: got an array of 1, expected 2 values/],
      [(json) => (json.problems.reason[0] = null), /m.problems.reason\[0\]: got null/],
    ]
    for (const [edit, message] of cases) {
      expect(() => decodeDatasetManifest(edited(edit), 'm'), String(edit)).toThrow(message)
    }
  })

  test('refuses to encode a manifest that would not read back', () => {
    const entries = small.entries.map((entry, i) => (i === 2 ? { ...entry, label: 7 } : entry))
    expect(() => encodeDatasetManifest({ ...small, entries })).toThrow(/entries.label\[2\]: got 7/)
    const badHash = small.entries.map((entry, i) => (i === 0 ? { ...entry, contentHash: 'x' } : entry))
    expect(() => encodeDatasetManifest({ ...small, entries: badHash })).toThrow(/entries.contentHash\[0\]/)
  })
})

describe('pairing with the cache', () => {
  const header: DatasetCacheHeader = {
    name: 'animals',
    classNames: small.classNames,
    imageShape: { height: 32, width: 32, channels: 3 },
    count: 20,
    splits: { train: 16, validation: 2, test: 2 },
    source: small.source,
    importId: small.importId,
  }

  test('a manifest belongs to a cache only with the same importId and one entry per image', () => {
    expect(isManifestOfCache(small, header)).toBe(true)
    expect(isManifestOfCache(small, { ...header, importId: '11ff00ff00ff00ff' })).toBe(false)
    expect(isManifestOfCache(small, { ...header, importId: undefined })).toBe(false)
    expect(isManifestOfCache({ ...small, entries: small.entries.slice(1) }, header)).toBe(false)
  })

  test('the manifest lives beside the cache', () => {
    expect(DATASET_MANIFEST_FILE_NAME).toBe('manifest.json')
    expect(datasetManifestRelativePath('cats-1')).toBe('datasets/cats-1/manifest.json')
    expect(() => datasetManifestRelativePath('../x')).toThrow(/dataset id/)
  })
})

describe('perceptual hash text', () => {
  test('is 16 hex digits, high word first, and parses back (top bits included)', () => {
    for (const hash of [{ high: 0, low: 0 }, { high: 0x80000000, low: 1 }, { high: 0x0123abcd, low: 0xffffffff }]) {
      const text = formatPerceptualHash(hash)
      const expected = ((BigInt(hash.high) << 32n) | BigInt(hash.low)).toString(16).padStart(16, '0')
      expect(text).toBe(expected)
      expect(parsePerceptualHash(text)).toEqual(hash)
    }
    expect(formatPerceptualHash({ high: -1, low: -2 })).toBe('fffffffffffffffe')
    expect(() => parsePerceptualHash('123')).toThrow(/16 lower-case hex digits/)
  })
})

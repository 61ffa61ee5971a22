import { describe, expect, test } from 'vitest'
import { DATASET_MANIFEST_FILE_NAME, datasetManifestRelativePath, decodeDatasetManifest, isManifestOfCache,
  PIECE_LENGTH,
} from '../../../app/formats/datasetManifest'
import { encodeDatasetManifest, encodeDatasetManifestChunks } from '../../../app/formats/datasetManifestText'
import type { DatasetManifest, ManifestEntries, ManifestEntry } from '../../../app/formats/datasetManifest'
import type { DatasetCacheHeader } from '../../../app/formats/datasetCache'
import {
  createManifestEntries, manifestEntriesFrom, manifestEntryAt, manifestEntryList, perceptualHashHex,
} from '../../../app/formats/manifestEntries'

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
    entries: manifestEntriesFrom(Array.from({ length: count }, (_, i) => entryAt(i, classNames.length))),
    problems: [
      { path: 'cats/broken.jpg', reason: 'truncated JPEG' },
      { path: 'dogs/empty.png', reason: 'zero-byte file' },
    ],
  }
}

/** The manifest with one object per entry: what toEqual can compare (and what the old encoder took). */
function listed(manifest: DatasetManifest) {
  return { ...manifest, entries: manifestEntryList(manifest.entries) }
}

/** The manifest with entry objects edited by `edit`, as columns again. */
function withEntries(manifest: DatasetManifest, edit: (entries: ManifestEntry[]) => ManifestEntry[]) {
  return { ...manifest, entries: manifestEntriesFrom(edit(manifestEntryList(manifest.entries))) }
}

/**
 * The encoder as it was when entries were objects (validation left out), kept as the reference for the file
 * format: docs/dataset-cache.md and the Python reader depend on these exact bytes.
 */
function referenceEncode(manifest: DatasetManifest): string {
  const { version, importId, kind, source, name, classNames, preprocessing, split, splitOrigin } = manifest
  const fields = [
    'path', 'byteLength', 'mtimeMs', 'contentHash', 'perceptualHash', 'width', 'height', 'label', 'split', 'index',
  ] as const
  const list = manifestEntryList(manifest.entries)
  const record = {
    version, importId, kind, source, name, classNames, preprocessing, split, splitOrigin,
    entries: Object.fromEntries(fields.map((field) => [field, list.map((entry) => entry[field])])),
    problems: {
      path: manifest.problems.map((problem) => problem.path),
      reason: manifest.problems.map((problem) => problem.reason),
    },
  }
  const lines = Object.entries(record).map(([key, value]) => {
    if (key !== 'entries' && key !== 'problems') {
      return `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`
    }
    const columns = Object.entries(value as Record<string, unknown[]>).map(
      ([field, column]) => `    ${JSON.stringify(field)}: ${JSON.stringify(column)}`,
    )
    return `  ${JSON.stringify(key)}: {\n${columns.join(',\n')}\n  }`
  })
  return `{\n${lines.join(',\n')}\n}\n`
}

/** Where two columns first differ (a length counts as a position), or -1: a deep toEqual over 100,000 is slow. */
function firstDifference(actual: ArrayLike<unknown>, expected: ArrayLike<unknown>): number {
  const length = Math.min(actual.length, expected.length)
  for (let i = 0; i < length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      return i
    }
  }
  return actual.length === expected.length ? -1 : length
}

/** Every column of `actual` equals the same column of `expected` (paths compared as strings). */
function expectSameColumns(actual: ManifestEntries, expected: ManifestEntries): void {
  expect(actual.count).toBe(expected.count)
  expect(firstDifference([...actual.paths], [...expected.paths]), 'paths').toBe(-1)
  const numeric = ['byteLengths', 'mtimesMs', 'contentHashes', 'perceptualHashes', 'widths', 'heights', 'labels',
    'splits', 'indices'] as const
  for (const column of numeric) {
    expect(actual[column].constructor, column).toBe(expected[column].constructor)
    expect(firstDifference(actual[column], expected[column]), column).toBe(-1)
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
    const decoded = decodeDatasetManifest(smallText, 'manifest.json')
    expect(listed(decoded)).toEqual(listed(small))
    expectSameColumns(decoded.entries, small.entries)
  })

  test('writes the same bytes as the encoder of entry objects did', () => {
    expect(smallText).toBe(referenceEncode(small))
    const odd = withEntries(small, (list) => list.map((entry, i) => ({
      ...entry,
      path: i === 0 ? 'quote " back\\slash\ttab \u0001 ✓ 😀.png' : entry.path,
      mtimeMs: i === 1 ? -0.5 : i === 2 ? 1e21 : entry.mtimeMs,
      byteLength: i === 3 ? 0 : entry.byteLength,
      perceptualHash: i === 4 ? 'ffffffff00000000' : entry.perceptualHash,
    })))
    const problems = [{ path: 'x\u007f"y', reason: 'line\nbreak' }]
    const empty = { ...small, entries: manifestEntriesFrom([]), problems: [] }
    for (const manifest of [odd, { ...odd, problems }, empty]) {
      expect(encodeDatasetManifest(manifest)).toBe(referenceEncode(manifest))
    }
  })

  test('is columnar: one array per field, entry i at position i of each', () => {
    const json = JSON.parse(smallText)
    const list = manifestEntryList(small.entries)
    expect(Object.keys(json.entries).sort()).toEqual(Object.keys(list[0]).sort())
    for (const [field, column] of Object.entries(json.entries)) {
      expect(column, field).toEqual(list.map((entry) => entry[field as keyof ManifestEntry]))
    }
    expect(json.problems).toEqual({
      path: ['cats/broken.jpg', 'dogs/empty.png'],
      reason: ['truncated JPEG', 'zero-byte file'],
    })
    expect(json.version).toBe(1)
  })

  test('100,000 entries round-trip through pieces of at most 64 K characters and stay well under 25 MB', () => {
    const large = manifestOf(100_000)
    const chunks = [...encodeDatasetManifestChunks(large)]
    expect(chunks.length).toBeGreaterThan(100)
    // One column of 100,000 times is ~1.8 MB, so this checks the cutting.
    const longest = Math.max(...chunks.map((chunk) => chunk.length))
    expect(longest).toBeLessThanOrEqual(PIECE_LENGTH)
    const text = chunks.join('')
    expect(text.length).toBeLessThan(25_000_000)
    // Columnar: no field name is repeated per entry.
    expect(text.split('"contentHash"').length - 1).toBe(1)
    const decoded = decodeDatasetManifest(text, 'large')
    expectSameColumns(decoded.entries, large.entries)
    expect({ ...decoded, entries: null }).toEqual({ ...large, entries: null })
    expect(encodeDatasetManifest(decoded)).toBe(text)
  })

  test('cuts a column of long paths into pieces too', () => {
    const long = withEntries(manifestOf(2_000), (list) =>
      list.map((entry, i) => ({ ...entry, path: `${'deep folder/'.repeat(300)}${i}.png` })))
    const chunks = [...encodeDatasetManifestChunks(long)]
    expect(Math.max(...chunks.map((chunk) => chunk.length))).toBeLessThanOrEqual(PIECE_LENGTH)
    expect(chunks.join('')).toBe(referenceEncode(long))
  })

  test('an empty manifest (no entries, no problems) round-trips', () => {
    const empty = { ...small, entries: manifestEntriesFrom([]), problems: [] }
    expect(listed(decodeDatasetManifest(encodeDatasetManifest(empty), 'x'))).toEqual(listed(empty))
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

  test('refuses to encode a manifest that would not read back, naming column and entry', () => {
    const at = (i: number, change: Partial<ManifestEntry>) =>
      withEntries(small, (list) => list.map((entry, j) => (j === i ? { ...entry, ...change } : entry)))
    const withColumn = (column: Partial<ManifestEntries>) => ({ ...small, entries: { ...small.entries, ...column } })
    const cases: [DatasetManifest, RegExp][] = [
      [at(2, { label: 7 }), /^encodeDatasetManifest: manifest.entries.label\[2\]: got 7, expected a class/],
      [at(3, { path: '' }), /manifest.entries.path\[3\]: got "", expected a non-empty path/],
      [at(4, { path: 'a\u0000b.png' }), /manifest.entries.path\[4\].*without NUL/],
      [at(5, { path: 'x'.repeat(4097) }), /manifest.entries.path\[5\]/],
      [at(1, { byteLength: -1 }), /manifest.entries.byteLength\[1\]: got -1, expected a whole number/],
      [at(1, { byteLength: 1.5 }), /manifest.entries.byteLength\[1\]: got 1.5/],
      [at(2, { mtimeMs: NaN }), /manifest.entries.mtimeMs\[2\]: got NaN, expected a finite time/],
      [at(2, { mtimeMs: -Infinity }), /manifest.entries.mtimeMs\[2\]/],
      [at(8, { width: 0 }), /manifest.entries.width\[8\]: got 0/],
      [at(8, { height: 0 }), /manifest.entries.height\[8\]: got 0/],
      [at(10, { split: 3 as 0 }), /manifest.entries.split\[10\]: got 3/],
      [at(11, { index: 12 }), /manifest.entries.index\[12\]: got 12, expected .*no other entry has/],
      [at(11, { index: 20 }), /manifest.entries.index\[11\]: got 20.*from 0 to 19/],
      [withColumn({ count: 21 }), /manifest.entries.path: got 20, expected 21 paths/],
      [withColumn({ count: -1 }), /manifest.entries.count: got -1/],
      [withColumn({ contentHashes: new Uint8Array(19 * 32) }), /entries.contentHash: got 608, expected 640/],
      [withColumn({ perceptualHashes: new Uint32Array(20) }), /entries.perceptualHash: got 20, expected 40/],
      [withColumn({ labels: new Uint8Array(21) }), /manifest.entries.label: got 21, expected 20 values/],
      [withColumn({ indices: new Uint32Array(20) }), /manifest.entries.index\[1\]: got 0/],
      [{ ...small, classNames: [] }, /manifest.classNames: .*at least one class/],
      [{ ...small, importId: 'nope' }, /manifest.importId/],
      [{ ...small, problems: [{ path: '', reason: 'x' }] }, /manifest.problems.path\[0\]/],
    ]
    for (const [manifest, message] of cases) {
      // Thrown when the chunks are asked for, before any is read: a writer never starts a bad file.
      expect(() => encodeDatasetManifestChunks(manifest), String(message)).toThrow(message)
      expect(() => encodeDatasetManifest(manifest), String(message)).toThrow(message)
    }
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
    const fewer = withEntries(small, (list) => list.slice(1).map((entry, i) => ({ ...entry, index: i })))
    expect(isManifestOfCache(fewer, header)).toBe(false)
  })

  test('the manifest lives beside the cache', () => {
    expect(DATASET_MANIFEST_FILE_NAME).toBe('manifest.json')
    expect(datasetManifestRelativePath('cats-1')).toBe('datasets/cats-1/manifest.json')
    expect(() => datasetManifestRelativePath('../x')).toThrow(/dataset id/)
  })
})

describe('perceptual hash text', () => {
  test('is 16 hex digits, high word first, and reads back (top bits included)', () => {
    for (const [high, low] of [[0, 0], [0x80000000, 1], [0x0123abcd, 0xffffffff], [0xffffffff, 0xfffffffe]]) {
      const entries = createManifestEntries(1)
      entries.paths.push('a.png')
      entries.perceptualHashes.set([high, low])
      const text = perceptualHashHex(entries, 0)
      const expected = ((BigInt(high) << 32n) | BigInt(low)).toString(16).padStart(16, '0')
      expect(text).toBe(expected)
      expect(Array.from(manifestEntriesFrom([manifestEntryAt(entries, 0)]).perceptualHashes)).toEqual([high, low])
    }
  })
})

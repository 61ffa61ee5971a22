// The dataset manifest (datasets/<id>/manifest.json): one row per source item in the cache, saying where it
// came from (path, size, modification time, content and perceptual hashes), so a re-import decodes only new or
// changed files and the doctor can name files. Stored COLUMNAR (one array per field) and held in memory as typed
// columns (ManifestEntries); datasetManifestText.ts writes them as a stream of ~1 MB pieces so 100,000 rows never
// become one big string. Pure text codec; it pairs with dataset.cnnds through importId (see isManifestOfCache).
// Not the cache: pixels, and the split the trainer uses, live in dataset.cnnds.

import { expectPreprocessing, expectSplitSettings } from '../data/importSettings'
import type { Preprocessing, SplitSettings } from '../data/importSettings'
import { MAX_CLASSES } from '../data/imageDataset'
import { writeHex } from '../data/typedArrays'
import { DATASET_KINDS, SPLIT_ORIGINS } from '../protocol/studioApi'
import type { DatasetKind, SplitOrigin } from '../protocol/studioApi'
import { expectArray, expectOneOf, expectRecord, expectString, fail } from '../protocol/validate'
import { expectDatasetId } from './datasetCache'
import { expectImportId } from './datasetCacheHeader'
import type { DatasetCacheHeader } from './datasetCacheHeader'
import {
  CONTENT_HASH_BYTES, createManifestEntries,
} from './manifestEntries'
import type { ManifestEntries } from './manifestEntries'

export type { ManifestEntries, ManifestEntry } from './manifestEntries'

export const DATASET_MANIFEST_FILE_NAME = 'manifest.json'
export const DATASET_MANIFEST_VERSION = 1

export type ManifestProblem = Readonly<{ path: string; reason: string }>

export type DatasetManifest = Readonly<{
  version: 1
  importId: string
  kind: DatasetKind
  source: string
  name: string
  classNames: readonly string[]
  preprocessing: Preprocessing
  split: SplitSettings
  splitOrigin: SplitOrigin
  /** Only the images in the cache, in cache order. */
  entries: ManifestEntries
  problems: readonly ManifestProblem[]
}>

/** Where a dataset's manifest lives inside a project folder, '/'-separated: datasets/<id>/manifest.json. */
export function datasetManifestRelativePath(id: string): string {
  return `datasets/${expectDatasetId(id, 'dataset id')}/${DATASET_MANIFEST_FILE_NAME}`
}

/**
 * The pairing rule: a manifest describes a cache only when both carry the same importId (written by the same
 * import) and it has one entry per cached image. Otherwise the manifest is stale: treat it as absent.
 */
export function isManifestOfCache(manifest: DatasetManifest, header: DatasetCacheHeader): boolean {
  const isSameImport = header.importId !== undefined && manifest.importId === header.importId
  return isSameImport && manifest.entries.count === header.count
}

/** The fields before the columns, in file order. */
export const HEADER_FIELDS = [
  'version', 'importId', 'kind', 'source', 'name', 'classNames', 'preprocessing', 'split', 'splitOrigin',
] as const
export const ENTRY_FIELDS = [
  'path', 'byteLength', 'mtimeMs', 'contentHash', 'perceptualHash', 'width', 'height', 'label', 'split', 'index',
] as const
export type EntryField = (typeof ENTRY_FIELDS)[number]
type ManifestHeader = Omit<DatasetManifest, 'entries' | 'problems'>

export const MAX_ENTRIES = 1 << 24
export const MAX_PATH_LENGTH = 4096
export const MAX_SIDE = 2 ** 31 - 1
const CONTENT_HASH_PATTERN = /^[0-9a-f]{64}$/
const PERCEPTUAL_HASH_PATTERN = /^[0-9a-f]{16}$/
/**
 * Characters per piece the encoder yields: 64 K, so a writer holds at most that much manifest text, and each
 * piece is an ordinary young-generation string that dies cheaply (V8 puts larger strings straight into its
 * large-object space, where 1 MB pieces waited for a major collection: +15 MB at the writing of 100,000 entries).
 */
export const PIECE_LENGTH = 1 << 16

export const EXPECTED = {
  path: `a non-empty path of at most ${MAX_PATH_LENGTH} characters without NUL`,
  byteLength: 'a whole number of bytes',
  mtimeMs: 'a finite time in milliseconds',
  width: 'a width of at least 1 pixel',
  height: 'a height of at least 1 pixel',
  split: '0 (train), 1 (validation) or 2 (test)',
  label: (classCount: number) => `a class index from 0 to ${classCount - 1}`,
  index: (count: number) => `a cache position from 0 to ${count - 1} that no other entry has`,
}

export function isPath(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_PATH_LENGTH && !value.includes('\0')
}

export function isWhole(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}

/** Every field but the columns, checked; the same checks whether reading a file or about to write one. */
export function readHeader(value: unknown, context: string): ManifestHeader {
  const record = expectRecord(value, context)
  if (record.version !== DATASET_MANIFEST_VERSION) {
    const isNewer = typeof record.version === 'number' && record.version > DATASET_MANIFEST_VERSION
    fail(`${context}.version`, record.version, isNewer ? '1 (a newer CNN Studio wrote this; import again)' : '1')
  }
  const classNames = expectArray(record.classNames, `${context}.classNames`, MAX_CLASSES).map((name, i) =>
    expectString(name, `${context}.classNames[${i}]`, { maxLength: 200 }),
  )
  if (classNames.length === 0) {
    fail(`${context}.classNames`, classNames, 'at least one class')
  }
  return {
    version: DATASET_MANIFEST_VERSION,
    importId: expectImportId(record.importId, `${context}.importId`),
    kind: expectOneOf(record.kind, `${context}.kind`, DATASET_KINDS),
    source: expectString(record.source, `${context}.source`, { maxLength: 100_000 }),
    name: expectString(record.name, `${context}.name`),
    classNames,
    preprocessing: expectPreprocessing(record.preprocessing, `${context}.preprocessing`),
    split: expectSplitSettings(record.split, `${context}.split`),
    splitOrigin: expectOneOf(record.splitOrigin, `${context}.splitOrigin`, SPLIT_ORIGINS),
  }
}

export function readProblem(file: unknown, reason: unknown, path: string, i: number): ManifestProblem {
  if (!isPath(file)) {
    fail(`${path}.path[${i}]`, file, EXPECTED.path)
  }
  return { path: file, reason: expectString(reason, `${path}.reason[${i}]`, { maxLength: 10_000 }) }
}

// ---- Reading: parsed JSON arrays -> checked typed columns

/** Reads equally long arrays named `fields` from `record`; throws naming the first missing or uneven one. */
function readColumns<F extends string>(record: Record<string, unknown>, path: string, fields: readonly F[]) {
  const columns = {} as Record<F, readonly unknown[]>
  for (const field of fields) {
    columns[field] = expectArray(record[field], `${path}.${field}`, MAX_ENTRIES)
    const count = columns[fields[0]].length
    if (columns[field].length !== count) {
      fail(`${path}.${field}`, columns[field], `${count} values, one per ${path}.${fields[0]}`)
    }
  }
  return columns
}

function readEntries(value: unknown, path: string, classCount: number): ManifestEntries {
  const record = expectRecord(value, path)
  const columns = readColumns(record, path, ENTRY_FIELDS)
  const count = columns.path.length
  const entries = createManifestEntries(count)
  // Column by column, so each parsed array can be let go as soon as its typed column is full. Field paths are
  // built only on failure: 100,000 rows × 10 fields of template strings would dominate the parse.
  const fill = (field: EntryField, take: (value: unknown, i: number) => void) => {
    const column = columns[field]
    for (let i = 0; i < count; i++) {
      take(column[i], i)
    }
    record[field] = undefined
    columns[field] = []
  }
  const bad: (field: EntryField, i: number, expected: string) => never = (field, i, expected) =>
    fail(`${path}.${field}[${i}]`, columns[field][i], expected)
  fill('path', (file, i) => {
    if (!isPath(file)) {
      bad('path', i, EXPECTED.path)
    }
    entries.paths.push(file)
  })
  fill('byteLength', (byteLength, i) => {
    if (!isWhole(byteLength, 0, Number.MAX_SAFE_INTEGER)) {
      bad('byteLength', i, EXPECTED.byteLength)
    }
    entries.byteLengths[i] = byteLength
  })
  fill('mtimeMs', (mtimeMs, i) => {
    if (!isFiniteNumber(mtimeMs)) {
      bad('mtimeMs', i, EXPECTED.mtimeMs)
    }
    entries.mtimesMs[i] = mtimeMs
  })
  fill('contentHash', (hash, i) => {
    if (typeof hash !== 'string' || !CONTENT_HASH_PATTERN.test(hash)) {
      bad('contentHash', i, 'a SHA-256: 64 lower-case hex digits')
    }
    writeHex(hash, entries.contentHashes, i * CONTENT_HASH_BYTES)
  })
  fill('perceptualHash', (hash, i) => {
    if (typeof hash !== 'string' || !PERCEPTUAL_HASH_PATTERN.test(hash)) {
      bad('perceptualHash', i, '16 lower-case hex digits')
    }
    entries.perceptualHashes[2 * i] = parseInt(hash.slice(0, 8), 16)
    entries.perceptualHashes[2 * i + 1] = parseInt(hash.slice(8), 16)
  })
  fill('width', (width, i) => {
    if (!isWhole(width, 1, MAX_SIDE)) {
      bad('width', i, EXPECTED.width)
    }
    entries.widths[i] = width
  })
  fill('height', (height, i) => {
    if (!isWhole(height, 1, MAX_SIDE)) {
      bad('height', i, EXPECTED.height)
    }
    entries.heights[i] = height
  })
  fill('label', (label, i) => {
    if (!isWhole(label, 0, classCount - 1)) {
      bad('label', i, EXPECTED.label(classCount))
    }
    entries.labels[i] = label
  })
  fill('split', (split, i) => {
    if (split !== 0 && split !== 1 && split !== 2) {
      bad('split', i, EXPECTED.split)
    }
    entries.splits[i] = split
  })
  const isIndexUsed = new Uint8Array(count)
  fill('index', (index, i) => {
    if (!isWhole(index, 0, count - 1) || isIndexUsed[index]) {
      bad('index', i, EXPECTED.index(count))
    }
    isIndexUsed[index] = 1
    entries.indices[i] = index
  })
  return entries
}

function readProblems(value: unknown, path: string): ManifestProblem[] {
  const columns = readColumns(expectRecord(value, path), path, ['path', 'reason'] as const)
  return columns.path.map((file, i) => readProblem(file, columns.reason[i], path, i))
}

/** Parses and checks a manifest; `context` (e.g. the file's path) starts every error message. */
export function decodeDatasetManifest(text: string, context: string): DatasetManifest {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new Error(`${context}: not a dataset manifest, the text is not JSON (${(error as Error).message})`)
  }
  const header = readHeader(parsed, context)
  const record = parsed as Record<string, unknown>
  return {
    ...header,
    entries: readEntries(record.entries, `${context}.entries`, header.classNames.length),
    problems: readProblems(record.problems, `${context}.problems`),
  }
}

// The dataset manifest (datasets/<id>/manifest.json): one row per source item in the cache, saying where it
// came from (path, size, modification time, content and perceptual hashes), so a re-import decodes only new or
// changed files and the doctor can name files. Stored COLUMNAR (one array per field) so 100,000 rows stay small
// and quick to parse. Pure text codec; it pairs with dataset.cnnds through importId (see isManifestOfCache).
// Not the cache: pixels, and the split the trainer uses, live in dataset.cnnds.

import type { PerceptualHash } from '../data/perceptualHash'
import { expectPreprocessing, expectSplitSettings } from '../data/importSettings'
import type { Preprocessing, SplitSettings } from '../data/importSettings'
import { MAX_CLASSES } from '../data/imageDataset'
import { DATASET_KINDS, SPLIT_ORIGINS } from '../protocol/studioApi'
import type { DatasetKind, SplitOrigin } from '../protocol/studioApi'
import { expectArray, expectOneOf, expectRecord, expectString, fail } from '../protocol/validate'
import { expectDatasetId } from './datasetCache'
import { expectImportId } from './datasetCacheHeader'
import type { DatasetCacheHeader } from './datasetCacheHeader'

export const DATASET_MANIFEST_FILE_NAME = 'manifest.json'
export const DATASET_MANIFEST_VERSION = 1

export type ManifestEntry = Readonly<{
  /** '/'-separated, relative to the source folder (CSV: to the CSV's folder); IDX/CIFAR: '<file name>#<index>'. */
  path: string
  /** File size (IDX/CIFAR items: H*W*C of the item). */
  byteLength: number
  /** File modification time (IDX/CIFAR: the container file's). */
  mtimeMs: number
  /** SHA-256, 64 lower-case hex digits, of the file bytes (IDX/CIFAR items: of the raw pixels). */
  contentHash: string
  /** 16 lower-case hex digits: PerceptualHash high then low, of the PREPROCESSED image. */
  perceptualHash: string
  /** Source image size before resizing. */
  width: number
  height: number
  label: number
  split: 0 | 1 | 2
  /** Position in dataset.cnnds. */
  index: number
}>

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
  entries: readonly ManifestEntry[]
  problems: readonly ManifestProblem[]
}>

/** Where a dataset's manifest lives inside a project folder, '/'-separated: datasets/<id>/manifest.json. */
export function datasetManifestRelativePath(id: string): string {
  return `datasets/${expectDatasetId(id, 'dataset id')}/${DATASET_MANIFEST_FILE_NAME}`
}

/** 16 hex digits, high word first. */
export function formatPerceptualHash(hash: PerceptualHash): string {
  return (hash.high >>> 0).toString(16).padStart(8, '0') + (hash.low >>> 0).toString(16).padStart(8, '0')
}

export function parsePerceptualHash(hex: string): PerceptualHash {
  if (!PERCEPTUAL_HASH_PATTERN.test(hex)) {
    throw new Error(`perceptual hash ${JSON.stringify(hex)}: expected 16 lower-case hex digits`)
  }
  return { high: parseInt(hex.slice(0, 8), 16), low: parseInt(hex.slice(8), 16) }
}

/**
 * The pairing rule: a manifest describes a cache only when both carry the same importId (written by the same
 * import) and it has one entry per cached image. Otherwise the manifest is stale: treat it as absent.
 */
export function isManifestOfCache(manifest: DatasetManifest, header: DatasetCacheHeader): boolean {
  const isSameImport = header.importId !== undefined && manifest.importId === header.importId
  return isSameImport && manifest.entries.length === header.count
}

const ENTRY_FIELDS = [
  'path', 'byteLength', 'mtimeMs', 'contentHash', 'perceptualHash', 'width', 'height', 'label', 'split', 'index',
] as const
type EntryField = (typeof ENTRY_FIELDS)[number]
type Columns<F extends string> = Record<F, readonly unknown[]>

const MAX_ENTRIES = 1 << 24
const MAX_PATH_LENGTH = 4096
const MAX_SIDE = 2 ** 31 - 1
const CONTENT_HASH_PATTERN = /^[0-9a-f]{64}$/
const PERCEPTUAL_HASH_PATTERN = /^[0-9a-f]{16}$/

function entryColumns(entries: readonly ManifestEntry[]): Columns<EntryField> {
  const columns = Object.fromEntries(ENTRY_FIELDS.map((field) => [field, entries.map((entry) => entry[field])]))
  return columns as unknown as Columns<EntryField>
}

function problemColumns(problems: readonly ManifestProblem[]): Columns<'path' | 'reason'> {
  return { path: problems.map((problem) => problem.path), reason: problems.map((problem) => problem.reason) }
}

/** Reads equally long arrays named `fields` from `value`; throws naming the first missing or uneven one. */
function readColumns<F extends string>(value: unknown, path: string, fields: readonly F[]): Columns<F> {
  const record = expectRecord(value, path)
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

function isPath(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_PATH_LENGTH && !value.includes('\0')
}

function isWhole(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
}

function readEntries(value: unknown, path: string, classCount: number): ManifestEntry[] {
  const columns = readColumns(value, path, ENTRY_FIELDS)
  const count = columns.path.length
  const isIndexUsed = new Uint8Array(count)
  const entries = new Array<ManifestEntry>(count)
  // Field paths are built only on failure: 100,000 rows × 10 fields of template strings would dominate the parse.
  const bad: (field: EntryField, i: number, expected: string) => never = (field, i, expected) =>
    fail(`${path}.${field}[${i}]`, columns[field][i], expected)
  for (let i = 0; i < count; i++) {
    const file = columns.path[i]
    const byteLength = columns.byteLength[i]
    const mtimeMs = columns.mtimeMs[i]
    const contentHash = columns.contentHash[i]
    const perceptualHash = columns.perceptualHash[i]
    const width = columns.width[i]
    const height = columns.height[i]
    const label = columns.label[i]
    const split = columns.split[i]
    const index = columns.index[i]
    if (!isPath(file)) {
      bad('path', i, `a non-empty path of at most ${MAX_PATH_LENGTH} characters without NUL`)
    }
    if (!isWhole(byteLength, 0, Number.MAX_SAFE_INTEGER)) {
      bad('byteLength', i, 'a whole number of bytes')
    }
    if (typeof mtimeMs !== 'number' || !Number.isFinite(mtimeMs)) {
      bad('mtimeMs', i, 'a finite time in milliseconds')
    }
    if (typeof contentHash !== 'string' || !CONTENT_HASH_PATTERN.test(contentHash)) {
      bad('contentHash', i, 'a SHA-256: 64 lower-case hex digits')
    }
    if (typeof perceptualHash !== 'string' || !PERCEPTUAL_HASH_PATTERN.test(perceptualHash)) {
      bad('perceptualHash', i, '16 lower-case hex digits')
    }
    if (!isWhole(width, 1, MAX_SIDE)) {
      bad('width', i, 'a width of at least 1 pixel')
    }
    if (!isWhole(height, 1, MAX_SIDE)) {
      bad('height', i, 'a height of at least 1 pixel')
    }
    if (!isWhole(label, 0, classCount - 1)) {
      bad('label', i, `a class index from 0 to ${classCount - 1}`)
    }
    if (split !== 0 && split !== 1 && split !== 2) {
      bad('split', i, '0 (train), 1 (validation) or 2 (test)')
    }
    if (!isWhole(index, 0, count - 1) || isIndexUsed[index]) {
      bad('index', i, `a cache position from 0 to ${count - 1} that no other entry has`)
    }
    isIndexUsed[index] = 1
    entries[i] = { path: file, byteLength, mtimeMs, contentHash, perceptualHash, width, height, label, split, index }
  }
  return entries
}

function readProblems(value: unknown, path: string): ManifestProblem[] {
  const columns = readColumns(value, path, ['path', 'reason'] as const)
  return columns.path.map((file, i) => {
    if (!isPath(file)) {
      fail(`${path}.path[${i}]`, file, `a non-empty path of at most ${MAX_PATH_LENGTH} characters without NUL`)
    }
    return { path: file, reason: expectString(columns.reason[i], `${path}.reason[${i}]`, { maxLength: 10_000 }) }
  })
}

/** Checks every field of a parsed manifest (columns included); throws a message naming the bad one. */
function validateManifest(value: unknown, context: string): DatasetManifest {
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
    entries: readEntries(record.entries, `${context}.entries`, classNames.length),
    problems: readProblems(record.problems, `${context}.problems`),
  }
}

/**
 * JSON with the fields on their own lines and each column one line: `entries.path[i]`, `entries.label[i]`, …
 * describe entry i. Throws (naming the field) rather than write a manifest that would not read back.
 */
export function encodeDatasetManifest(manifest: DatasetManifest): string {
  const { version, importId, kind, source, name, classNames, preprocessing, split, splitOrigin } = manifest
  const record = {
    version, importId, kind, source, name, classNames, preprocessing, split, splitOrigin,
    entries: entryColumns(manifest.entries),
    problems: problemColumns(manifest.problems),
  }
  validateManifest(record, 'encodeDatasetManifest: manifest')
  const lines = Object.entries(record).map(([key, value]) => {
    if (key !== 'entries' && key !== 'problems') {
      return `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`
    }
    const columns = Object.entries(value as Columns<string>).map(
      ([field, column]) => `    ${JSON.stringify(field)}: ${JSON.stringify(column)}`,
    )
    return `  ${JSON.stringify(key)}: {\n${columns.join(',\n')}\n  }`
  })
  return `{\n${lines.join(',\n')}\n}\n`
}

/** Parses and checks a manifest; `context` (e.g. the file's path) starts every error message. */
export function decodeDatasetManifest(text: string, context: string): DatasetManifest {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new Error(`${context}: not a dataset manifest, the text is not JSON (${(error as Error).message})`)
  }
  return validateManifest(parsed, context)
}

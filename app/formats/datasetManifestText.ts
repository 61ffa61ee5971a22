// Writing a dataset manifest: the typed columns (ManifestEntries) checked as a reader would check them, then
// turned into the manifest's JSON (datasetManifest.ts describes the format) as a stream of pieces of ~1 MB, so a
// 100,000-entry manifest never becomes one big string. Not the reader (datasetManifest.ts).

import { fail } from '../protocol/validate'
import {
  EXPECTED, HEADER_FIELDS, MAX_ENTRIES, MAX_SIDE, PIECE_LENGTH, isPath, isWhole, readHeader, readProblem,
} from './datasetManifest'
import type { DatasetManifest, EntryField } from './datasetManifest'
import { CONTENT_HASH_BYTES, contentHashHex, perceptualHashHex } from './manifestEntries'
import type { ManifestEntries } from './manifestEntries'


/** Throws (naming column and entry, as a reader would) unless the columns would read back. */
function checkEntries(entries: ManifestEntries, path: string, classCount: number): void {
  const { count } = entries
  if (!isWhole(count, 0, MAX_ENTRIES)) {
    fail(`${path}.count`, count, `a whole number of entries up to ${MAX_ENTRIES}`)
  }
  const { byteLengths, mtimesMs, widths, heights, labels, splits, indices } = entries
  const lengths: [EntryField, number, number, string][] = [
    ['path', entries.paths.count, count, 'paths, one per entry'],
    ['byteLength', byteLengths.length, count, 'values, one per entry'],
    ['mtimeMs', mtimesMs.length, count, 'values, one per entry'],
    ['contentHash', entries.contentHashes.length, count * CONTENT_HASH_BYTES, `bytes, ${CONTENT_HASH_BYTES} each`],
    ['perceptualHash', entries.perceptualHashes.length, count * 2, 'words, 2 per entry'],
    ['width', widths.length, count, 'values, one per entry'],
    ['height', heights.length, count, 'values, one per entry'],
    ['label', labels.length, count, 'values, one per entry'],
    ['split', splits.length, count, 'values, one per entry'],
    ['index', indices.length, count, 'values, one per entry'],
  ]
  for (const [field, length, expected, unit] of lengths) {
    if (length !== expected) {
      fail(`${path}.${field}`, length, `${expected} ${unit}`)
    }
  }
  type Check = (i: number) => boolean
  const check = (field: EntryField, isGood: Check, value: (i: number) => unknown, expected: string) => {
    for (let i = 0; i < count; i++) {
      if (!isGood(i)) {
        fail(`${path}.${field}[${i}]`, value(i), expected)
      }
    }
  }
  const at = (column: ArrayLike<number>) => (i: number) => column[i]
  // Each path is decoded once here and dropped: the columns stay the only copy.
  check('path', (i) => isPath(entries.paths.at(i)), (i) => entries.paths.at(i), EXPECTED.path)
  const isByteLength: Check = (i) => isWhole(byteLengths[i], 0, Number.MAX_SAFE_INTEGER)
  check('byteLength', isByteLength, at(byteLengths), EXPECTED.byteLength)
  check('mtimeMs', (i) => Number.isFinite(mtimesMs[i]), at(mtimesMs), EXPECTED.mtimeMs)
  check('width', (i) => widths[i] >= 1 && widths[i] <= MAX_SIDE, at(widths), EXPECTED.width)
  check('height', (i) => heights[i] >= 1 && heights[i] <= MAX_SIDE, at(heights), EXPECTED.height)
  check('label', (i) => labels[i] < classCount, at(labels), EXPECTED.label(classCount))
  check('split', (i) => splits[i] <= 2, at(splits), EXPECTED.split)
  const isIndexUsed = new Uint8Array(count)
  check('index', (i) => {
    const isFree = indices[i] < count && isIndexUsed[indices[i]] === 0
    isIndexUsed[indices[i]] = 1
    return isFree
  }, at(indices), EXPECTED.index(count))
}

/** `    "<name>": [` then the runs (each a comma-separated run of items), commas between, then `]` and `end`. */
function* columnText(name: string, runs: Iterable<string>, end: string): Generator<string> {
  yield `    "${name}": [`
  let isFirst = true
  for (const run of runs) {
    yield isFirst ? run : `,${run}`
    isFirst = false
  }
  yield `]${end}`
}

/** item(0), item(1), … joined by commas in runs of at most PIECE_LENGTH characters (items are far shorter). */
function* itemRuns(count: number, item: (i: number) => string): Generator<string> {
  let parts: string[] = []
  let length = 0
  for (let i = 0; i < count; i++) {
    const text = item(i)
    if (parts.length > 0 && length + text.length > PIECE_LENGTH) {
      yield parts.join(',')
      parts = []
      length = 0
    }
    parts.push(text)
    length += text.length + 1
  }
  if (parts.length > 0) {
    yield parts.join(',')
  }
}

/** A typed column's numbers in runs (a number's text is what JSON.stringify writes, at most 25 characters). */
function* numberRuns(column: Float64Array | Uint32Array | Uint8Array): Generator<string> {
  const perRun = Math.floor(PIECE_LENGTH / 26)
  for (let start = 0; start < column.length; start += perRun) {
    yield column.subarray(start, start + perRun).join(',')
  }
}

function* manifestText(manifest: DatasetManifest): Generator<string> {
  const header = HEADER_FIELDS.map((field) => `  "${field}": ${JSON.stringify(manifest[field])}`)
  yield `{\n${header.join(',\n')},\n  "entries": {\n`
  const { entries, problems } = manifest
  const { count, paths } = entries
  yield* columnText('path', itemRuns(count, (i) => JSON.stringify(paths.at(i))), ',\n')
  yield* columnText('byteLength', numberRuns(entries.byteLengths), ',\n')
  yield* columnText('mtimeMs', numberRuns(entries.mtimesMs), ',\n')
  yield* columnText('contentHash', itemRuns(count, (i) => `"${contentHashHex(entries, i)}"`), ',\n')
  yield* columnText('perceptualHash', itemRuns(count, (i) => `"${perceptualHashHex(entries, i)}"`), ',\n')
  yield* columnText('width', numberRuns(entries.widths), ',\n')
  yield* columnText('height', numberRuns(entries.heights), ',\n')
  yield* columnText('label', numberRuns(entries.labels), ',\n')
  yield* columnText('split', numberRuns(entries.splits), ',\n')
  yield* columnText('index', numberRuns(entries.indices), '\n')
  yield '  },\n  "problems": {\n'
  yield* columnText('path', itemRuns(problems.length, (i) => JSON.stringify(problems[i].path)), ',\n')
  yield* columnText('reason', itemRuns(problems.length, (i) => JSON.stringify(problems[i].reason)), '\n')
  yield '  }\n}\n'
}

/** Gathers the text's parts into pieces of at most PIECE_LENGTH characters (or one part, if longer). */
function* joinedInPieces(parts: Iterable<string>): Generator<string> {
  let piece = ''
  for (const part of parts) {
    if (piece.length > 0 && piece.length + part.length > PIECE_LENGTH) {
      yield piece
      piece = ''
    }
    piece += part
  }
  if (piece.length > 0) {
    yield piece
  }
}

/**
 * The manifest's JSON in pieces of about 1 MB, for a writer to write one at a time: the fields on their own
 * lines and each column one line (`entries.path[i]`, `entries.label[i]`, … describe entry i). Checks everything
 * first, when called, and throws (naming the field) rather than start a manifest that would not read back.
 */
export function encodeDatasetManifestChunks(manifest: DatasetManifest): Generator<string> {
  const context = 'encodeDatasetManifest: manifest'
  const { classNames } = readHeader(manifest, context)
  checkEntries(manifest.entries, `${context}.entries`, classNames.length)
  manifest.problems.forEach(({ path, reason }, i) => readProblem(path, reason, `${context}.problems`, i))
  return joinedInPieces(manifestText(manifest))
}

/** The whole manifest as one string, for small manifests and tests; writers use encodeDatasetManifestChunks. */
export function encodeDatasetManifest(manifest: DatasetManifest): string {
  return [...encodeDatasetManifestChunks(manifest)].join('')
}

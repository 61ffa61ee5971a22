// Imports images listed in a CSV of `path,label` rows (paths relative to the CSV, an optional header row,
// quoted fields as in RFC 4180) into an in-memory ImageDataset, decoded like an image folder. A row that is
// malformed or names a missing or unreadable file is reported with its line number and skipped, never fatal. Not the cache,
// and not multi-line quoted fields (a path with a line break in it is reported as malformed).

import { readFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { basename, dirname, resolve } from 'node:path'
import { MAX_CLASSES, seededStratifiedSplit } from '../../app/data/imageDataset'
import type { ImageDataset, SplitFractions } from '../../app/data/imageDataset'
import type { ImageFolderImportOptions } from './imageFolderImport'
import { DEFAULT_MAX_INPUT_PIXELS, decodeImageFile, describeDecodeError, forEachLimited } from './imageDecode'
import type { ImportProblem } from './imageFolderScan'

/** The same choices as an image-folder import: size, channels, seed, fractions, pixel limit, progress, cancel. */
export type CsvImportOptions = ImageFolderImportOptions

export type CsvImport = { dataset: ImageDataset; problems: readonly ImportProblem[] }

/** One data row: `line` is 1-based in the file, `path` as written in it. */
export type CsvRow = Readonly<{ line: number; path: string; label: string }>

const DEFAULT_FRACTIONS: SplitFractions = { validation: 0.1, test: 0.1 }
const PATH_HEADER = /^(path|file|filename|file_name|filepath|file_path|image|images|image_path|img)$/i
const LABEL_HEADER = /^(label|labels|class|class_name|classname|category|target|y)$/i

// Numeric-aware so "class2" sorts before "class10"; ties broken by code units, as the image-folder scan does.
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' })
function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0)
}

/** Splits one CSV line into fields: commas inside "quotes" are kept, "" inside quotes is one quote. */
export function parseCsvLine(line: string): string[] {
  const fields: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const char = line[i]
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"'
        i++
      } else if (char === '"') {
        quoted = false
      } else {
        field += char
      }
    } else if (char === '"') {
      quoted = true
    } else if (char === ',') {
      fields.push(field)
      field = ''
    } else {
      field += char
    }
  }
  if (quoted) {
    throw new Error('a quoted field is not closed on this line')
  }
  fields.push(field)
  return fields
}

/** The CSV's rows and the lines it could not use; the first row is skipped when it reads like `path,label`. */
export function parsePathLabelCsv(text: string, name: string): { rows: CsvRow[]; problems: ImportProblem[] } {
  const rows: CsvRow[] = []
  const problems: ImportProblem[] = []
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  let sawFirstRow = false
  lines.forEach((text, index) => {
    const line = index + 1
    if (text.trim() === '') {
      return
    }
    let fields: string[]
    try {
      fields = parseCsvLine(text).map((field) => field.trim())
    } catch (error) {
      problems.push({ path: `${name} line ${line}`, reason: (error as Error).message })
      return
    }
    const isFirstRow = !sawFirstRow
    sawFirstRow = true
    if (isFirstRow && fields.length === 2 && PATH_HEADER.test(fields[0]) && LABEL_HEADER.test(fields[1])) {
      return
    }
    if (fields.length !== 2 || fields[0] === '' || fields[1] === '') {
      const reason = `line ${line}: expected two non-empty fields path,label, found ${JSON.stringify(fields)}`
      problems.push({ path: `${name} line ${line}`, reason })
      return
    }
    rows.push({ line, path: fields[0], label: fields[1] })
  })
  return { rows, problems }
}

function tooFewClassesMessage(csvPath: string, classNames: readonly string[]): string {
  const found = classNames.length === 0 ? 'no usable rows' : `only the class '${classNames[0]}'`
  return (
    `Importing '${csvPath}' needs rows of at least two classes, found ${found}. Each row should be ` +
    `'path,label' with the path relative to the CSV (for example 'images/cat1.png,cat'); check the problems ` +
    'listed for rows that were skipped.'
  )
}

export async function importCsv(csvPath: string, options: CsvImportOptions): Promise<CsvImport> {
  const { size, channels, seed, onProgress, signal } = options
  const maxInputPixels = options.maxInputPixels ?? DEFAULT_MAX_INPUT_PIXELS
  if (!(Number.isInteger(size) && size >= 1 && size <= 1024) || (channels !== 1 && channels !== 3)) {
    throw new Error(`importCsv: size must be 1..1024 and channels 1 or 3, got ${size} and ${channels}`)
  }
  let text: string
  try {
    text = await readFile(csvPath, 'utf8')
  } catch (error) {
    throw new Error(`Importing '${csvPath}': cannot read the CSV: ${(error as Error).message}`)
  }
  const name = basename(csvPath)
  const parsed = parsePathLabelCsv(text, name)
  const problems: ImportProblem[] = [...parsed.problems]
  const rows = parsed.rows
  const imageBytes = size * size * channels
  const images = new Uint8Array(rows.length * imageBytes)
  const isDecoded = new Uint8Array(rows.length)
  const failures: (ImportProblem | undefined)[] = new Array(rows.length)
  const folder = dirname(csvPath)
  let done = 0
  onProgress?.(0, rows.length)
  await forEachLimited(rows.length, availableParallelism(), async (index) => {
    signal?.throwIfAborted()
    const row = rows[index]
    try {
      const pixels = await decodeImageFile(resolve(folder, row.path), { size, channels, maxInputPixels })
      images.set(pixels, index * imageBytes)
      isDecoded[index] = 1
    } catch (error) {
      const reason = `line ${row.line} of ${name}: ${describeDecodeError(error, maxInputPixels)}`
      failures[index] = { path: row.path, reason }
    }
    onProgress?.(++done, rows.length)
  })
  signal?.throwIfAborted()
  for (const failure of failures) {
    if (failure !== undefined) {
      problems.push(failure)
    }
  }

  // Classes are the labels of rows that decoded, in natural order, so indices match Keras and torchvision.
  const classNames = [...new Set(rows.filter((_, i) => isDecoded[i] === 1).map((row) => row.label))]
    .sort(naturalCompare)
  if (classNames.length < 2) {
    throw new Error(tooFewClassesMessage(csvPath, classNames))
  }
  if (classNames.length > MAX_CLASSES) {
    const found = classNames.length
    throw new Error(`Importing '${csvPath}': found ${found} classes, at most ${MAX_CLASSES} are supported`)
  }
  const labelOf = new Map(classNames.map((className, label) => [className, label]))
  const labels: number[] = []
  for (let i = 0; i < rows.length; i++) {
    if (isDecoded[i]) {
      images.copyWithin(labels.length * imageBytes, i * imageBytes, (i + 1) * imageBytes)
      labels.push(labelOf.get(rows[i].label) ?? 0)
    }
  }
  const count = labels.length
  const labelBytes = Uint8Array.from(labels)
  const dataset: ImageDataset = {
    name: basename(csvPath).replace(/\.csv$/i, ''),
    classNames,
    imageShape: { height: size, width: size, channels },
    images: count === rows.length ? images : images.slice(0, count * imageBytes),
    labels: labelBytes,
    count,
    splits: seededStratifiedSplit(labelBytes, classNames.length, options.fractions ?? DEFAULT_FRACTIONS, seed),
  }
  return { dataset, problems }
}

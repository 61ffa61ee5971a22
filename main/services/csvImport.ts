// Reads a CSV of `path,label` rows (paths relative to the CSV, an optional header row, quoted fields as in
// RFC 4180) into the items an import decodes, like an image folder's. A malformed row is reported with its line
// number and skipped, never fatal; a row naming a missing file is reported when the importer reads it. Not the
// decoder, and not multi-line quoted fields (a path with a line break in it is reported as malformed).

import { readFile } from 'node:fs/promises'
import { basename, dirname, relative, resolve, sep } from 'node:path'
import { ValidationError } from '../../app/protocol/errors'
import { codePointCompare } from './import/classOrder'
import { FileItemList } from './import/planItems'
import type { ImportProblem, SourcePlan } from './import/sourcePlan'

/** One data row: `line` is 1-based in the file, `path` as written in it. */
export type CsvRow = Readonly<{ line: number; path: string; label: string }>

const PATH_HEADER = /^(path|file|filename|file_name|filepath|file_path|image|images|image_path|img)$/i
const LABEL_HEADER = /^(label|labels|class|class_name|classname|category|target|y)$/i

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

/** The CSV's rows as items to decode: classes are its labels in code-point order, paths relative to its folder. */
export async function planCsv(csvPath: string): Promise<SourcePlan> {
  let text: string
  try {
    text = await readFile(csvPath, 'utf8')
  } catch (error) {
    throw new ValidationError(`Importing '${csvPath}': cannot read the CSV: ${(error as Error).message}`)
  }
  const name = basename(csvPath)
  const { rows, problems } = parsePathLabelCsv(text, name)
  const classNames = [...new Set(rows.map((row) => row.label))].sort(codePointCompare)
  const labelOf = new Map(classNames.map((className, label) => [className, label]))
  const folder = dirname(csvPath)
  const items = new FileItemList(folder, name)
  for (const row of rows) {
    const path = relative(folder, resolve(folder, row.path)).split(sep).join('/')
    items.add(path, labelOf.get(row.label) ?? 0, -1, row.line)
  }
  return {
    kind: 'csv',
    name: name.replace(/\.csv$/i, ''),
    classNames,
    items: items.seal(),
    problems,
    splitOrigin: 'seeded',
    native: null,
  }
}

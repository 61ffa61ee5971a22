// The dataset doctor's report as text for a terminal: what the source is, images per class and split, source
// sizes, the preprocessing an import would use, skipped files, every finding with its files, and a one-line
// verdict. Pure formatting of values the import already produced; nothing here reads files or runs checks.

import type { DoctorFinding } from '../../app/data/doctor'
import type { Normalization } from '../../app/data/imageDataset'
import type { Preprocessing, SplitSettings } from '../../app/data/importSettings'
import type { TensorShape } from '../../app/model/networkSpec'
import { formatShape } from '../../app/model/shapeInference'
import type { DatasetKind, ImportStatistics, SourceSizeStatistics, SplitOrigin } from '../../app/protocol/studioApi'
import { formatCount } from './importProgress'

type PerSplit<T> = Readonly<{ train: T; validation: T; test: T }>

/** Everything the report shows; built from an ImportOutcome by doctorCommand, and printed whole by --json. */
export type DoctorReportInput = Readonly<{
  source: string
  kind: DatasetKind
  name: string
  classNames: readonly string[]
  imageShape: TensorShape
  /** Images per class in each split, indexed like classNames. */
  classCounts: PerSplit<readonly number[]>
  preprocessing: Preprocessing
  split: SplitSettings
  splitOrigin: SplitOrigin
  normalization: Normalization | null
  sourceSizes: SourceSizeStatistics | null
  problems: readonly Readonly<{ path: string; reason: string }>[]
  findings: readonly DoctorFinding[]
  stats: ImportStatistics
}>

export type DoctorVerdict = Readonly<{ errors: number; warnings: number; notes: number; skipped: number; text: string }>

export const MAX_SHOWN_PROBLEMS = 20
export const MAX_SHOWN_FINDING_PATHS = 10
const BAR_WIDTH = 20
/** Finding messages wrap at this many columns; paths never do (a path is easier to copy whole). */
const REPORT_WIDTH = 100
const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const
const SEVERITY_WORDS = { error: 'ERROR', warning: 'WARNING', info: 'NOTE' } as const

const KIND_WORDS: Readonly<Record<DatasetKind, string>> = {
  imageFolder: 'image folder (one subfolder per class)',
  idx: 'MNIST-style IDX files',
  cifar: 'CIFAR-10 binary batches',
  csv: 'CSV of path,label',
  sample: 'built-in sample',
}


const plural = (count: number, word: string, many = `${word}s`): string => `${formatCount(count)} ${count === 1 ? word : many}`
const percent = (fraction: number): string => `${Number((fraction * 100).toFixed(1))}%`
const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0)

/** Counts by severity and the sentence that ends the report. */
export function doctorVerdict(input: Pick<DoctorReportInput, 'findings' | 'problems'>): DoctorVerdict {
  const count = (severity: DoctorFinding['severity']): number =>
    input.findings.filter((finding) => finding.severity === severity).length
  const errors = count('error')
  const warnings = count('warning')
  const notes = count('info')
  const skipped = input.problems.length
  const parts = [[errors, 'error'], [warnings, 'warning'], [notes, 'note'], [skipped, 'skipped file']] as const
  const listed = parts.filter(([value]) => value > 0).map(([value, word]) => plural(value, word)).join(', ')
  let text: string
  if (errors > 0) {
    text = `not ready: ${listed}; fix the errors before training or the scores will mislead you.`
  } else if (warnings > 0 || skipped > 0) {
    text = `usable, with ${listed}; worth fixing before a long training run.`
  } else if (notes > 0) {
    text = `ready to train (${listed} to look at).`
  } else {
    text = 'ready to train: no problems found.'
  }
  return { errors, warnings, notes, skipped, text }
}

/** A name column, then train / validation / test / total and a bar scaled to the largest class. */
function classTable(input: DoctorReportInput): string[] {
  const { classNames, classCounts } = input
  const totals = classNames.map((_, k) =>
    (classCounts.train[k] ?? 0) + (classCounts.validation[k] ?? 0) + (classCounts.test[k] ?? 0))
  const largest = Math.max(1, ...totals)
  const nameWidth = Math.max(5, ...classNames.map((name) => name.length))
  const columns = [classCounts.train, classCounts.validation, classCounts.test, totals]
  const sums = columns.map(sum)
  const width = Math.max(5, ...[...columns.flat(), ...sums].map((value) => formatCount(value).length))
  const cell = (value: number | string): string => (typeof value === 'number' ? formatCount(value) : value).padStart(width)
  const lines = [`  ${'class'.padEnd(nameWidth)}  ${['train', 'val', 'test', 'total'].map(cell).join('  ')}`]
  classNames.forEach((name, k) => {
    const bar = '█'.repeat(totals[k]! > 0 ? Math.max(1, Math.round((totals[k]! / largest) * BAR_WIDTH)) : 0)
    const counts = columns.map((column) => cell(column[k] ?? 0)).join('  ')
    lines.push(`  ${name.padEnd(nameWidth)}  ${counts}  ${bar}`.trimEnd())
  })
  lines.push(`  ${'all'.padEnd(nameWidth)}  ${sums.map(cell).join('  ')}`)
  return lines
}

function sizeLines(sizes: SourceSizeStatistics | null): string[] {
  if (!sizes) {
    return ['  (no source sizes: no image was read)']
  }
  const row = (label: string, side: SourceSizeStatistics['width']): string =>
    `  ${label.padEnd(7)} min ${formatCount(side.min)}  median ${formatCount(side.median)}  max ${formatCount(side.max)}`
  const common = sizes.common.map((size) => `${size.width}×${size.height} (${formatCount(size.count)})`).join(', ')
  return [row('width', sizes.width), row('height', sizes.height), `  most common: ${common || 'none'}`]
}

function splitWords(split: SplitSettings, origin: SplitOrigin): string {
  switch (origin) {
    case 'folders':
      return `from the train/ val/ test/ folders; a part they lack is carved with seed ${split.seed}`
    case 'sourceFiles':
      return `test set from the source files; validation ${percent(split.validation)} carved with seed ${split.seed}`
    default:
      return `validation ${percent(split.validation)}, test ${percent(split.test)}, seed ${split.seed} (stable across re-imports)`
  }
}

function preprocessingLines(input: DoctorReportInput): string[] {
  const { imageShape, preprocessing, split, splitOrigin, normalization } = input
  const resize = preprocessing.resizeMode === 'centerCrop' ? 'crop (centre crop)' : preprocessing.resizeMode
  const lines = [
    `  input       ${formatShape(imageShape)} (${preprocessing.colorMode}), resize: ${resize}`,
    `  split       ${splitWords(split, splitOrigin)}`,
  ]
  if (normalization) {
    const values = (list: readonly number[]): string => list.map((value) => value.toFixed(3)).join(', ')
    lines.push(`  normalise   mean ${values(normalization.mean)}, std ${values(normalization.std)} (training split, 0..1 units)`)
  }
  return lines
}

/** The first `limit` items, then "and N more". */
function capped<T>(items: readonly T[], limit: number, line: (item: T) => string, indent: string): string[] {
  const lines = items.slice(0, limit).map((item) => `${indent}${line(item)}`)
  if (items.length > limit) {
    lines.push(`${indent}and ${formatCount(items.length - limit)} more`)
  }
  return lines
}

/** Words of `text` in lines of at most `width` characters, the first after `first`, the rest after `rest`. */
export function wrapText(text: string, width: number, first: string, rest: string): string[] {
  const lines: string[] = []
  let line = first
  let isEmpty = true
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!isEmpty && line.length + 1 + word.length > width) {
      lines.push(line)
      line = rest
      isEmpty = true
    }
    line += isEmpty ? word : ` ${word}`
    isEmpty = false
  }
  lines.push(line)
  return lines
}

/** "258 split-leakage, 524 near-duplicates": how many findings of each kind, in order of first appearance. */
function tally(findings: readonly DoctorFinding[]): string {
  const counts = new Map<string, number>()
  for (const finding of findings) {
    counts.set(finding.kind, (counts.get(finding.kind) ?? 0) + 1)
  }
  return [...counts].map(([kind, count]) => `${formatCount(count)} ${kind}`).join(', ')
}

function findingLines(findings: readonly DoctorFinding[]): string[] {
  if (findings.length === 0) {
    return ['  none']
  }
  const ordered = findings
    .map((finding, position) => ({ finding, position }))
    .sort((a, b) => SEVERITY_ORDER[a.finding.severity] - SEVERITY_ORDER[b.finding.severity] || a.position - b.position)
  const lines: string[] = []
  for (const { finding } of ordered) {
    const heading = `  ${SEVERITY_WORDS[finding.severity]} ${finding.kind}: `
    lines.push(...wrapText(finding.message, REPORT_WIDTH, heading, '    '))
    lines.push(...capped(finding.paths, MAX_SHOWN_FINDING_PATHS, (path) => path, '      '))
  }
  return lines
}

export function renderDoctorReport(input: DoctorReportInput): string {
  const { classNames, classCounts, problems, findings, stats } = input
  const total = sum(classCounts.train) + sum(classCounts.validation) + sum(classCounts.test)
  const verdict = doctorVerdict(input)
  return [
    `Dataset doctor: ${input.source}`,
    `  kind        ${KIND_WORDS[input.kind]}`,
    `  images      ${plural(total, 'image')} in ${plural(classNames.length, 'class', 'classes')} ` +
      `(train ${formatCount(sum(classCounts.train))}, validation ${formatCount(sum(classCounts.validation))}, ` +
      `test ${formatCount(sum(classCounts.test))})`,
    `  read in     ${stats.seconds.toFixed(1)} s (${formatCount(stats.decoded)} decoded, ${formatCount(stats.reused)} reused, ` +
      `${formatCount(stats.skipped)} skipped)`,
    '',
    'Classes',
    ...classTable(input),
    '',
    'Source image sizes (pixels, before resizing)',
    ...sizeLines(input.sourceSizes),
    '',
    'Preprocessing an import would use',
    ...preprocessingLines(input),
    '',
    `Skipped files (${formatCount(problems.length)})`,
    ...(problems.length === 0 ? ['  none'] : capped(problems, MAX_SHOWN_PROBLEMS, (p) => `${p.path}: ${p.reason}`, '  ')),
    '',
    `Findings (${findings.length === 0 ? 0 : `${formatCount(findings.length)}: ${tally(findings)}`})`,
    ...findingLines(findings),
    '',
    `Verdict: ${verdict.text}`,
  ].join('\n')
}

/** The --json object: every field of the report with every path, plus the verdict. */
export function doctorJson(input: DoctorReportInput): Record<string, unknown> {
  return { type: 'doctor', ...input, verdict: doctorVerdict(input) }
}

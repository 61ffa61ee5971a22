// `cnn-studio doctor <source>`: reads a dataset exactly as an import would (same decoding, preprocessing and
// split) without writing anything, and reports what it found: class counts per split, source sizes, skipped
// files and the doctor's findings. Problems are findings, not failures: it exits 0 whenever it could look.

import { resolve } from 'node:path'
import type { ImportOutcome } from '../services/import/importDataset'
import { datasetIdForFolder } from '../services/datasetStore'
import { defaultProjectDir } from '../projectDir'
import { CliError } from './cliError'
import { doctorJson, renderDoctorReport } from './doctorReport'
import type { DoctorReportInput } from './doctorReport'
import { parseFlagsAndPositionals, stringFlag } from './flags'
import { IMPORT_FLAGS, readImportSettings } from './importFlags'
import { ImportProgressView } from './importProgress'
import { existingSource, runImport, SOURCE_KINDS_TEXT } from './runImport'

export const DOCTOR_USAGE = `cnn-studio doctor <source> [--json] [--size N] [--color C] [--resize R] [--validation F]
                  [--test F] [--split-seed N]
  Checks a dataset without importing it (nothing is written): images per class and split, source image sizes,
  the preprocessing an import would use, unreadable files, empty or imbalanced classes, small images, extreme
  aspect ratios, exact and near duplicates, and duplicates shared by train/validation/test (leakage).
  Exits 0 when the check ran, whatever it found; 2 when the source is missing or unusable; 130 on Ctrl+C.
  <source>         ${SOURCE_KINDS_TEXT}
  --size … --split-seed   the import settings to check with, as for train --data (listed above)
  --project DIR    a project whose earlier import of this source can be reused (default ~/.cnn-studio/projects/default)
  --json           one JSON object with everything (every path of every finding) instead of the report`

const FLAGS = { ...IMPORT_FLAGS, project: { type: 'string' }, json: { type: 'boolean' } } as const

/** Images per class in each split, counted from the imported dataset's labels and split index lists. */
export function classCountsBySplit(outcome: Pick<ImportOutcome, 'dataset'>): DoctorReportInput['classCounts'] {
  const { labels, splits, classNames } = outcome.dataset
  const count = (indices: Int32Array): number[] => {
    const counts = classNames.map(() => 0)
    for (const index of indices) {
      counts[labels[index]!]!++
    }
    return counts
  }
  return { train: count(splits.train), validation: count(splits.validation), test: count(splits.test) }
}

/** What the report shows, taken from the outcome (the manifest holds the settings the import settled on). */
export function doctorReportInput(source: string, outcome: ImportOutcome): DoctorReportInput {
  const { manifest, header } = outcome
  return {
    source,
    kind: outcome.kind,
    name: manifest.name,
    classNames: manifest.classNames,
    imageShape: outcome.dataset.imageShape,
    classCounts: classCountsBySplit(outcome),
    preprocessing: manifest.preprocessing,
    split: manifest.split,
    splitOrigin: manifest.splitOrigin,
    normalization: header.normalization ?? null,
    sourceSizes: outcome.sourceSizes,
    problems: manifest.problems,
    findings: outcome.findings,
    stats: outcome.stats,
  }
}

export async function doctorCommand(args: readonly string[]): Promise<number> {
  const { flags, positionals } = parseFlagsAndPositionals(args, FLAGS, 'doctor')
  if (positionals.length !== 1) {
    throw new CliError(
      positionals.length === 0
        ? `cnn-studio doctor: which dataset? Give a source: ${SOURCE_KINDS_TEXT}`
        : `cnn-studio doctor: got ${positionals.length} sources (${positionals.join(', ')}), expected one`,
    )
  }
  const isJson = flags.json === true
  const settings = readImportSettings(flags)
  const source = await existingSource(positionals[0]!, 'cnn-studio doctor')
  const projectDir = resolve(stringFlag(flags.project) ?? defaultProjectDir())
  const view = new ImportProgressView(process.stderr)
  let outcome: ImportOutcome
  try {
    outcome = await runImport(
      { source, settings, datasetId: datasetIdForFolder(source) },
      { projectDir, write: false, onProgress: isJson ? undefined : (progress) => view.update(progress) },
      { label: 'cnn-studio doctor', cancelMessage: 'cnn-studio doctor: cancelled by Ctrl+C; nothing was written' },
    )
  } finally {
    view.clear()
  }
  const input = doctorReportInput(source, outcome)
  process.stdout.write(`${isJson ? JSON.stringify(doctorJson(input)) : renderDoctorReport(input)}\n`)
  return 0
}

// Turns the --data flag into something the trainer can load: the built-in sample, or any source the importer
// reads (image folder, train/ val/ test/ folders, IDX, CIFAR-10, CSV) imported into the project's dataset cache
// with the import flags' settings. Printing is the caller's: this returns what happened.

import { SAMPLE_SHAPES_CLASSES } from '../../app/data/sampleShapes'
import type { DoctorFinding } from '../../app/data/doctor'
import type { ImportSettingsInput } from '../../app/data/importSettings'
import type { TensorShape } from '../../app/model/networkSpec'
import type { ImportStatistics } from '../../app/protocol/studioApi'
import type { DataSourceRef } from '../../app/protocol/trainerProtocol'
import { datasetIdForFolder } from '../services/datasetStore'
import { CliError } from './cliError'
import type { ImportProgressUpdate } from './importProgress'
import { existingSource, runImport } from './runImport'
import type { CliImportOptions } from './runImport'

export type ImportedData = Readonly<{
  source: string
  count: number
  stats: ImportStatistics
  findings: readonly DoctorFinding[]
}>

export type ResolvedData = Readonly<{
  dataRef: DataSourceRef
  imageShape: TensorShape
  classNames: readonly string[]
  description: string
  /** null for a built-in sample. */
  imported: ImportedData | null
}>

export type DataOptions = Readonly<{
  settings: ImportSettingsInput
  onProgress?: (progress: ImportProgressUpdate) => void
  /** For tests: the importer and what delivers Ctrl+C. */
  importer?: CliImportOptions['importer']
  signals?: CliImportOptions['signals']
}>

const SAMPLES: Readonly<Record<string, () => ResolvedData>> = {
  'sample:shapes': () => ({
    dataRef: { kind: 'sample', name: 'shapes' },
    imageShape: { height: 32, width: 32, channels: 3 },
    classNames: SAMPLE_SHAPES_CLASSES,
    description: 'built-in sample: coloured shapes',
    imported: null,
  }),
}

export async function resolveData(source: string, projectDir: string, options: DataOptions): Promise<ResolvedData> {
  const sample = SAMPLES[source]
  if (sample) {
    return sample()
  }
  if (source.startsWith('sample:')) {
    throw new CliError(`--data: unknown sample '${source}', expected one of ${Object.keys(SAMPLES).join(', ')}`)
  }
  const path = await existingSource(source, '--data')
  const id = datasetIdForFolder(path)
  const outcome = await runImport(
    { source: path, settings: options.settings, datasetId: id },
    { projectDir, write: true, onProgress: options.onProgress },
    {
      label: '--data',
      cancelMessage: 'cnn-studio train: import cancelled by Ctrl+C; no partial dataset was written',
      importer: options.importer,
      signals: options.signals,
    },
  )
  const { dataset, stats, findings } = outcome
  const skipped = stats.skipped
  return {
    dataRef: { kind: 'cache', id },
    imageShape: dataset.imageShape,
    classNames: dataset.classNames,
    description: `${path}: ${dataset.count} images${skipped ? `, ${skipped} skipped` : ''}`,
    imported: { source: path, count: dataset.count, stats, findings },
  }
}

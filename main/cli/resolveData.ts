// Turns the --data flag into something the trainer can load: the built-in sample, or a folder of images
// imported into the project's dataset cache. Later issues add IDX, CIFAR and CSV sources here.

import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { SAMPLE_SHAPES_CLASSES } from '../../app/data/sampleShapes'
import type { TensorShape } from '../../app/model/networkSpec'
import type { DataSourceRef } from '../../app/protocol/trainerProtocol'
import { DatasetStore, datasetIdForFolder } from '../services/datasetStore'
import { DEFAULT_IMPORT_SIZE, importSource } from '../services/importSource'
import { CliError } from './cliError'

export type ResolvedData = Readonly<{
  dataRef: DataSourceRef
  imageShape: TensorShape
  classNames: readonly string[]
  description: string
}>

const SAMPLES: Readonly<Record<string, () => ResolvedData>> = {
  'sample:shapes': () => ({
    dataRef: { kind: 'sample', name: 'shapes' },
    imageShape: { height: 32, width: 32, channels: 3 },
    classNames: SAMPLE_SHAPES_CLASSES,
    description: 'built-in sample: coloured shapes',
  }),
}


export async function resolveData(
  source: string,
  projectDir: string,
  onProgress?: (done: number, total: number) => void,
): Promise<ResolvedData> {
  const sample = SAMPLES[source]
  if (sample) {
    return sample()
  }
  if (source.startsWith('sample:')) {
    throw new CliError(`--data: unknown sample '${source}', expected one of ${Object.keys(SAMPLES).join(', ')}`)
  }
  const folder = resolve(source)
  const info = await stat(folder).catch(() => null)
  if (!info) {
    throw new CliError(
      `--data: '${source}' is not a folder; expected sample:shapes, a folder (one subfolder of images per class, ` +
        'IDX files or CIFAR-10 batches) or a .csv of path,label',
    )
  }
  let imported
  try {
    imported = await importSource(folder, { size: DEFAULT_IMPORT_SIZE, channels: 3, seed: 1, onProgress })
  } catch (error) {
    throw new CliError(`--data: ${(error as Error).message}`)
  }
  const id = datasetIdForFolder(folder)
  await new DatasetStore(projectDir).save(id, imported.dataset, folder)
  const skipped = imported.problems.length
  return {
    dataRef: { kind: 'cache', id },
    imageShape: imported.dataset.imageShape,
    classNames: imported.dataset.classNames,
    description: `${folder}: ${imported.dataset.count} images${skipped ? `, ${skipped} skipped` : ''}`,
  }
}

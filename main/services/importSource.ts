// One entry for every dataset source a person can point at: a folder of MNIST-style IDX files, a folder of
// CIFAR-10 binary batches, a CSV of path,label, or a folder with one subfolder of images per class. Detects which,
// imports it and reports skipped files. Shared by the CLI (--data) and the hosts (datasets:openFolder).

import { stat } from 'node:fs/promises'
import type { ImageDataset } from '../../app/data/imageDataset'
import { importCifarFolder, isCifarFolder } from './cifarImport'
import { importCsv } from './csvImport'
import { importIdxFolder, isIdxFolder } from './idxImport'
import { importImageFolder } from './imageFolderImport'
import type { ImportProblem } from './imageFolderScan'

/** Side length image folders and CSVs are resized to until the user chooses (issue 4's preprocessing). */
export const DEFAULT_IMPORT_SIZE = 32

export type SourceKind = 'idx' | 'cifar' | 'csv' | 'imageFolder'

export type ImportedSource = Readonly<{ kind: SourceKind; dataset: ImageDataset; problems: readonly ImportProblem[] }>

export type ImportSourceOptions = Readonly<{
  /** Image folders and CSVs are resized to size × size (IDX and CIFAR keep their own size). */
  size: number
  channels: 1 | 3
  seed: number
  onProgress?: (done: number, total: number) => void
  signal?: AbortSignal
}>

/** Imports whatever `path` is; throws an Error that says what was expected when it is none of the sources. */
export async function importSource(path: string, options: ImportSourceOptions): Promise<ImportedSource> {
  const info = await stat(path).catch(() => null)
  if (info === null) {
    throw new Error(`'${path}' does not exist`)
  }
  if (info.isFile()) {
    if (!path.toLowerCase().endsWith('.csv')) {
      throw new Error(
        `'${path}' is a file; expected a folder (one subfolder of images per class, IDX files or CIFAR-10 batches) ` +
          'or a .csv of path,label',
      )
    }
    return { kind: 'csv', ...(await importCsv(path, options)) }
  }
  if (await isIdxFolder(path)) {
    return { kind: 'idx', ...(await importIdxFolder(path, { seed: options.seed })), problems: [] }
  }
  if (await isCifarFolder(path)) {
    return { kind: 'cifar', ...(await importCifarFolder(path, { seed: options.seed })) }
  }
  return { kind: 'imageFolder', ...(await importImageFolder(path, options)) }
}

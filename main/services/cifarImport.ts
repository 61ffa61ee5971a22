// Imports a CIFAR-10 binary folder (data_batch_*.bin, test_batch.bin, batches.meta.txt) into an in-memory
// ImageDataset: test split from test_batch.bin (carved from training when it is absent or unusable),
// validation carved from the training batches, seeded and stratified. A bad batch is reported and skipped. Not the byte
// codec (app/formats/cifar.ts) and not the dataset cache.

import { readdir, readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { checkImageDataset, seededStratifiedSplit } from '../../app/data/imageDataset'
import type { ImageDataset } from '../../app/data/imageDataset'
import { CIFAR_CHANNELS, CIFAR_SIDE, decodeCifarBatch, parseCifarMeta } from '../../app/formats/cifar'
import type { CifarBatch } from '../../app/formats/cifar'
import { ValidationError } from '../../app/protocol/errors'
import { expectInteger, expectNumber } from '../../app/protocol/validate'
import type { ImportProblem } from './imageFolderScan'

export type CifarImportOptions = Readonly<{
  /** Seeds the validation split. */
  seed: number
  /** Share of each class of the training batches held out for validation; default 0.1. */
  validationFraction?: number
}>

export type CifarFolderImport = Readonly<{ dataset: ImageDataset; problems: readonly ImportProblem[] }>

const DEFAULT_VALIDATION_FRACTION = 0.1
const TRAIN_BATCH = /^data_batch_\d+\.bin$/
const TEST_BATCH = 'test_batch.bin'
const META = 'batches.meta.txt'

async function listFolder(folder: string): Promise<string[]> {
  try {
    return await readdir(folder)
  } catch (error) {
    throw new ValidationError(`CIFAR import: cannot read the folder ${folder}: ${(error as Error).message}`)
  }
}

/** Whether the folder holds at least one CIFAR-10 training batch (so a caller can choose this import). */
export async function isCifarFolder(folder: string): Promise<boolean> {
  try {
    return (await readdir(folder)).some((name) => TRAIN_BATCH.test(name))
  } catch {
    return false
  }
}

/** Reads and decodes each batch; a batch that cannot be read or decoded becomes a problem entry. */
async function readBatches(folder: string, names: string[], problems: ImportProblem[]): Promise<CifarBatch[]> {
  const batches: CifarBatch[] = []
  for (const name of names) {
    try {
      const bytes = await readFile(join(folder, name))
      batches.push(decodeCifarBatch(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), name))
    } catch (error) {
      problems.push({ path: name, reason: (error as Error).message })
    }
  }
  return batches
}

function concat(batches: CifarBatch[]): CifarBatch {
  const count = batches.reduce((sum, batch) => sum + batch.count, 0)
  const images = new Uint8Array(batches.reduce((sum, batch) => sum + batch.images.length, 0))
  const labels = new Uint8Array(count)
  let imageOffset = 0
  let labelOffset = 0
  for (const batch of batches) {
    images.set(batch.images, imageOffset)
    labels.set(batch.labels, labelOffset)
    imageOffset += batch.images.length
    labelOffset += batch.count
  }
  return { images, labels, count }
}

/** Class names from batches.meta.txt when it covers every label, else the label numbers (with a problem). */
async function readClassNames(
  folder: string,
  names: string[],
  classCount: number,
  problems: ImportProblem[],
): Promise<string[]> {
  const numbered = Array.from({ length: classCount }, (_, k) => String(k))
  if (!names.includes(META)) {
    return numbered
  }
  try {
    const classNames = parseCifarMeta(await readFile(join(folder, META), 'utf8'))
    if (classNames.length < classCount) {
      problems.push({
        path: META,
        reason: `names ${classNames.length} classes but the batches use labels up to ${classCount - 1}; ` +
          'classes are numbered instead',
      })
      return numbered
    }
    return classNames
  } catch (error) {
    problems.push({ path: META, reason: `cannot be read: ${(error as Error).message}` })
    return numbered
  }
}

/** Reads the folder's batches into a dataset: train + validation from data_batch_*, test from test_batch. */
export async function importCifarFolder(
  folder: string,
  options: CifarImportOptions,
): Promise<CifarFolderImport> {
  const seed = expectInteger(options.seed, 'CIFAR import seed', 0, Number.MAX_SAFE_INTEGER)
  const fraction = options.validationFraction ?? DEFAULT_VALIDATION_FRACTION
  const validationFraction = expectNumber(fraction, 'CIFAR import validationFraction', 0, 0.45)
  const names = await listFolder(folder)
  // Numeric order, so data_batch_10 follows data_batch_9 and image indices are stable.
  const trainNames = names.filter((name) => TRAIN_BATCH.test(name))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
  const problems: ImportProblem[] = []
  const train = concat(await readBatches(folder, trainNames, problems))
  if (train.count === 0) {
    const why = problems.length > 0 ? `: ${problems.map((problem) => problem.reason).join('; ')}` : ''
    throw new ValidationError(
      `CIFAR import: ${folder} has no usable training batch (data_batch_1.bin … data_batch_5.bin)${why}`,
    )
  }
  const testBatches = names.includes(TEST_BATCH) ? await readBatches(folder, [TEST_BATCH], problems) : []
  const test = testBatches.length > 0 ? testBatches[0] : null
  const maxLabel = Math.max(
    train.labels.reduce((max, label) => Math.max(max, label), 0),
    test?.labels.reduce((max, label) => Math.max(max, label), 0) ?? 0,
  )
  const classNames = await readClassNames(folder, names, maxLabel + 1, problems)
  const all = test ? concat([train, test]) : train
  // Without a usable test batch, a test split is carved from training too, the same size as validation.
  const fractions = { validation: validationFraction, test: test ? 0 : validationFraction }
  const split = seededStratifiedSplit(train.labels, classNames.length, fractions, seed)
  const dataset: ImageDataset = {
    name: basename(folder),
    classNames,
    imageShape: { height: CIFAR_SIDE, width: CIFAR_SIDE, channels: CIFAR_CHANNELS },
    images: all.images,
    labels: all.labels,
    count: all.count,
    splits: {
      train: split.train,
      validation: split.validation,
      test: test ? Int32Array.from({ length: test.count }, (_, i) => train.count + i) : split.test,
    },
  }
  checkImageDataset(dataset, `CIFAR import of ${folder}`)
  return { dataset, problems }
}

// Imports an MNIST-style folder of IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte and optionally the
// t10k-* pair, each gzipped or not) into an in-memory ImageDataset: test split from the t10k files (carved from
// the training files when there are none), validation carved from the training files, seeded and stratified.
// Names Fashion-MNIST's classes when the folder is recognisably Fashion-MNIST. Not the byte codec
// (app/formats/idx.ts) and not the dataset cache.

import { readdir, readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { promisify } from 'node:util'
import { gunzip } from 'node:zlib'
import { checkImageDataset, seededStratifiedSplit } from '../../app/data/imageDataset'
import type { ImageDataset } from '../../app/data/imageDataset'
import { decodeIdxImages, decodeIdxLabels } from '../../app/formats/idx'
import type { IdxImages } from '../../app/formats/idx'
import { ValidationError } from '../../app/protocol/errors'
import { expectInteger, expectNumber } from '../../app/protocol/validate'

export type IdxImportOptions = Readonly<{
  /** Seeds the validation split. */
  seed: number
  /** Share of each class of the training files held out for validation; default 0.1. */
  validationFraction?: number
}>

export type IdxFolderImport = Readonly<{
  dataset: ImageDataset
  /** The files read, by role; test files are absent when the folder has no t10k pair. */
  files: Readonly<{ trainImages: string; trainLabels: string; testImages?: string; testLabels?: string }>
}>

/** Fashion-MNIST's classes in label order (https://github.com/zalandoresearch/fashion-mnist#labels). */
export const FASHION_MNIST_CLASS_NAMES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const

/** Fashion-MNIST's first ten training labels; MNIST's, under the same file names, are 5 0 4 1 9 2 1 3 1 4. */
const FASHION_MNIST_FIRST_TRAIN_LABELS = [9, 0, 0, 3, 0, 2, 7, 2, 5, 5]

const DEFAULT_VALIDATION_FRACTION = 0.1
const ROLES = {
  trainImages: /^train-images[-.]idx3-ubyte(\.gz)?$/,
  trainLabels: /^train-labels[-.]idx1-ubyte(\.gz)?$/,
  testImages: /^t10k-images[-.]idx3-ubyte(\.gz)?$/,
  testLabels: /^t10k-labels[-.]idx1-ubyte(\.gz)?$/,
} as const
type Role = keyof typeof ROLES

const gunzipAsync = promisify(gunzip)

/** Finds each role's file in the folder; two candidates for one role (e.g. .gz and not) is an error. */
async function findFiles(folder: string): Promise<Partial<Record<Role, string>>> {
  let names: string[]
  try {
    names = await readdir(folder)
  } catch (error) {
    throw new ValidationError(`IDX import: cannot read the folder ${folder}: ${(error as Error).message}`)
  }
  const found: Partial<Record<Role, string>> = {}
  for (const role of Object.keys(ROLES) as Role[]) {
    const matches = names.filter((name) => ROLES[role].test(name)).sort()
    if (matches.length > 1) {
      throw new ValidationError(`IDX import: ${folder} holds both ${matches.join(' and ')}; keep one of them`)
    }
    if (matches.length === 1) {
      found[role] = join(folder, matches[0])
    }
  }
  return found
}

/** Whether the folder holds an MNIST-style training pair (so a caller can choose this import over image folders). */
export async function isIdxFolder(folder: string): Promise<boolean> {
  try {
    const files = await findFiles(folder)
    return files.trainImages !== undefined && files.trainLabels !== undefined
  } catch {
    return false // unreadable, or ambiguous: importIdxFolder will say which
  }
}

/** The file's bytes, gunzipped when they start with the gzip magic (whatever the name says). */
async function readMaybeGzipped(path: string): Promise<Uint8Array> {
  const bytes = await readFile(path)
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return new Uint8Array(await gunzipAsync(bytes))
    } catch (error) {
      throw new ValidationError(`${basename(path)}: damaged gzip data: ${(error as Error).message}`)
    }
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

async function readPair(
  imagesPath: string,
  labelsPath: string,
): Promise<{ images: IdxImages; labels: Uint8Array }> {
  const [imageBytes, labelBytes] = await Promise.all([
    readMaybeGzipped(imagesPath),
    readMaybeGzipped(labelsPath),
  ])
  const images = decodeIdxImages(imageBytes, basename(imagesPath))
  const labels = decodeIdxLabels(labelBytes, basename(labelsPath))
  if (images.count !== labels.length) {
    throw new ValidationError(
      `IDX import: ${basename(imagesPath)} holds ${images.count} images but ${basename(labelsPath)} holds ` +
        `${labels.length} labels; they must be the same count`,
    )
  }
  return { images, labels }
}

function isFashionMnist(folder: string, images: IdxImages, labels: Uint8Array, classCount: number): boolean {
  const is28 = images.height === 28 && images.width === 28
  const startsLikeFashion = FASHION_MNIST_FIRST_TRAIN_LABELS.every((label, i) => labels[i] === label)
  return is28 && classCount === 10 && (/fashion/i.test(folder) || startsLikeFashion)
}

/** Reads the folder's IDX files into a dataset: train + validation from train-*, test from t10k-*. */
export async function importIdxFolder(folder: string, options: IdxImportOptions): Promise<IdxFolderImport> {
  const seed = expectInteger(options.seed, 'IDX import seed', 0, Number.MAX_SAFE_INTEGER)
  const fraction = options.validationFraction ?? DEFAULT_VALIDATION_FRACTION
  const validationFraction = expectNumber(fraction, 'IDX import validationFraction', 0, 0.45)
  const files = await findFiles(folder)
  const { trainImages, trainLabels, testImages, testLabels } = files
  if (trainImages === undefined || trainLabels === undefined) {
    const missing = trainImages === undefined ? 'train-images-idx3-ubyte' : 'train-labels-idx1-ubyte'
    throw new ValidationError(`IDX import: ${folder} has no ${missing}[.gz]; expected an MNIST-style folder`)
  }
  if ((testImages === undefined) !== (testLabels === undefined)) {
    const missing = testImages === undefined ? 't10k-images-idx3-ubyte' : 't10k-labels-idx1-ubyte'
    throw new ValidationError(`IDX import: ${folder} has one t10k file but not ${missing}[.gz]`)
  }
  const train = await readPair(trainImages, trainLabels)
  const test = testImages && testLabels ? await readPair(testImages, testLabels) : null
  if (test && (test.images.height !== train.images.height || test.images.width !== train.images.width)) {
    throw new ValidationError(
      `IDX import: training images are ${train.images.height}×${train.images.width} but test images are ` +
        `${test.images.height}×${test.images.width}; they must be the same size`,
    )
  }
  const dataset = assemble(folder, train, test, seed, validationFraction)
  return { dataset, files: { trainImages, trainLabels, testImages, testLabels } }
}

function assemble(
  folder: string,
  train: { images: IdxImages; labels: Uint8Array },
  test: { images: IdxImages; labels: Uint8Array } | null,
  seed: number,
  validationFraction: number,
): ImageDataset {
  const trainCount = train.images.count
  const testCount = test?.images.count ?? 0
  const count = trainCount + testCount
  const labels = new Uint8Array(count)
  labels.set(train.labels)
  const images = new Uint8Array(train.images.pixels.length + (test?.images.pixels.length ?? 0))
  images.set(train.images.pixels)
  if (test) {
    labels.set(test.labels, trainCount)
    images.set(test.images.pixels, train.images.pixels.length)
  }
  const classCount = labels.reduce((max, label) => Math.max(max, label), 0) + 1
  const fashion = isFashionMnist(folder, train.images, train.labels, classCount)
  // Train and validation come from the training files only; the t10k files are the test split, untouched.
  // Without t10k files a test split is carved from the training files too, the same size as validation.
  const fractions = { validation: validationFraction, test: test ? 0 : validationFraction }
  const split = seededStratifiedSplit(train.labels, classCount, fractions, seed)
  const dataset: ImageDataset = {
    name: fashion ? 'Fashion-MNIST' : basename(folder),
    classNames: fashion
      ? [...FASHION_MNIST_CLASS_NAMES]
      : Array.from({ length: classCount }, (_, k) => String(k)),
    imageShape: { height: train.images.height, width: train.images.width, channels: 1 },
    images,
    labels,
    count,
    splits: {
      train: split.train,
      validation: split.validation,
      test: test ? Int32Array.from({ length: testCount }, (_, i) => trainCount + i) : split.test,
    },
  }
  checkImageDataset(dataset, `IDX import of ${folder}`)
  return dataset
}

// Reads an MNIST-style folder of IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte and optionally the
// t10k-* pair, each gzipped or not) into the items an import stores: the t10k images are the test split (carved
// from the training files when the pair is absent or unusable, with a problem saying why). Names Fashion-MNIST's
// classes when the folder is recognisably Fashion-MNIST. Not the byte codec (app/formats/idx.ts) and not the
// importer (main/services/import), which splits, resizes and caches.

import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { promisify } from 'node:util'
import { gunzip } from 'node:zlib'
import { MAX_IMAGE_SIZE, MIN_IMAGE_SIZE } from '../../app/data/importSettings'
import { decodeIdxImages, decodeIdxLabels } from '../../app/formats/idx'
import type { IdxImages } from '../../app/formats/idx'
import { ValidationError } from '../../app/protocol/errors'
import { PixelItemList } from './import/planItems'
import type { FixedSplit, ImportProblem, SourcePlan } from './import/sourcePlan'

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

/** Whether the folder holds an MNIST-style training pair (so a caller can tell it from an image folder). */
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

type IdxPart = {
  imagesPath: string
  images: IdxImages
  labels: Uint8Array
  mtimeMs: number
  fixedSplit: FixedSplit
}

/** The parts as pixel records, named '<images file name>#<index>'. */
function itemsOf(parts: readonly IdxPart[]): PixelItemList {
  return new PixelItemList(parts.map(({ imagesPath, images, labels, mtimeMs, fixedSplit }) => ({
    name: basename(imagesPath),
    mtimeMs,
    pixels: images.pixels,
    width: images.width,
    height: images.height,
    channels: 1,
    labels: labels.subarray(0, images.count),
    fixedSplit,
  })))
}

async function readPart(imagesPath: string, labelsPath: string, fixedSplit: FixedSplit): Promise<IdxPart> {
  const [pair, info] = await Promise.all([readPair(imagesPath, labelsPath), stat(imagesPath)])
  return { imagesPath, ...pair, mtimeMs: info.mtimeMs, fixedSplit }
}

/** The t10k pair as the test split, or null with a problem saying why it is not used. */
async function readTestPart(files: Partial<Record<Role, string>>, train: IdxPart, problems: ImportProblem[]) {
  const { testImages, testLabels } = files
  if (testImages === undefined && testLabels === undefined) {
    return null
  }
  const carved = 'the test split is carved from the training files instead'
  if (testImages === undefined || testLabels === undefined) {
    const present = basename((testImages ?? testLabels) as string)
    const missing = testImages === undefined ? 't10k-images-idx3-ubyte' : 't10k-labels-idx1-ubyte'
    problems.push({ path: present, reason: `no ${missing}[.gz] beside it; ${carved}` })
    return null
  }
  try {
    const test = await readPart(testImages, testLabels, 2)
    if (test.images.height !== train.images.height || test.images.width !== train.images.width) {
      throw new ValidationError(
        `test images are ${test.images.height}×${test.images.width}, training images ` +
          `${train.images.height}×${train.images.width}; they must be the same size`,
      )
    }
    return test
  } catch (error) {
    problems.push({ path: basename(testImages), reason: `${(error as Error).message}; ${carved}` })
    return null
  }
}

/**
 * Reads the folder's IDX files into the items an import stores: the train-* images (validation, and test when
 * there is no usable t10k pair, are carved from them), then the t10k-* images, fixed to the test split.
 */
export async function planIdxFolder(folder: string): Promise<SourcePlan> {
  const files = await findFiles(folder)
  const { trainImages, trainLabels } = files
  if (trainImages === undefined || trainLabels === undefined) {
    const missing = trainImages === undefined ? 'train-images-idx3-ubyte' : 'train-labels-idx1-ubyte'
    throw new ValidationError(`IDX import: ${folder} has no ${missing}[.gz]; expected an MNIST-style folder`)
  }
  const problems: ImportProblem[] = []
  const train = await readPart(trainImages, trainLabels, -1)
  const test = await readTestPart(files, train, problems)
  const parts = test ? [train, test] : [train]
  const maxLabel = (labels: Uint8Array) => labels.reduce((max, label) => Math.max(max, label), 0)
  const classCount = Math.max(...parts.map((part) => maxLabel(part.labels))) + 1
  const fashion = isFashionMnist(folder, train.images, train.labels, classCount)
  const side = Math.min(train.images.height, train.images.width)
  return {
    kind: 'idx',
    name: fashion ? 'Fashion-MNIST' : basename(folder),
    classNames: fashion
      ? [...FASHION_MNIST_CLASS_NAMES]
      : Array.from({ length: classCount }, (_, k) => String(k)),
    items: itemsOf(parts),
    problems,
    splitOrigin: test ? 'sourceFiles' : 'seeded',
    native: { size: Math.min(MAX_IMAGE_SIZE, Math.max(MIN_IMAGE_SIZE, side)), colorMode: 'grayscale' },
  }
}

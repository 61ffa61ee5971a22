// Imports a folder of images, one subfolder per class, into an in-memory ImageDataset: every image decoded with
// sharp, squashed to size×size, converted to grey or RGB. A file that cannot be read is reported and skipped,
// never fatal. Not the cache (datasetStore.ts) and not other formats (IDX, CIFAR, CSV come later).

import { availableParallelism } from 'node:os'
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import sharp from 'sharp'
import { MAX_CLASSES, seededStratifiedSplit } from '../../app/data/imageDataset'
import type { ImageDataset, SplitFractions } from '../../app/data/imageDataset'
import { scanClassFolders } from './imageFolderScan'
import type { ImportProblem } from './imageFolderScan'

export type { ImportProblem } from './imageFolderScan'

export type ImageFolderImportOptions = {
  /** Images are resized (squashed, not cropped) to size × size. */
  size: number
  channels: 1 | 3
  /** Seeds the train / validation / test split. */
  seed: number
  fractions?: SplitFractions
  /** Larger images are skipped with a problem entry; protects memory from a 50000×50000 scan. */
  maxInputPixels?: number
  onProgress?: (done: number, total: number) => void
  signal?: AbortSignal
}

export type ImageFolderImport = { dataset: ImageDataset; problems: readonly ImportProblem[] }

const DEFAULT_FRACTIONS: SplitFractions = { validation: 0.1, test: 0.1 }
const DEFAULT_MAX_INPUT_PIXELS = 100_000_000

/** Decodes one image to size×size×channels uint8 HWC, or throws with a reason a person can act on. */
async function decodeImage(path: string, options: ImageFolderImportOptions, maxInputPixels: number) {
  const { size, channels } = options
  if ((await stat(path)).size === 0) {
    throw new SkipReason('empty file (0 bytes)')
  }
  // Transparent pixels become white, as most viewers show them; the first frame of an animation is used.
  let pipeline = sharp(path, { limitInputPixels: maxInputPixels, autoOrient: true })
    .flatten({ background: '#ffffff' })
    .resize(size, size, { fit: 'fill' })
  pipeline = channels === 1 ? pipeline.grayscale() : pipeline.toColourspace('srgb')
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true })
  if (info.channels !== channels || data.length !== size * size * channels) {
    const got = `${info.width}×${info.height}×${info.channels}`
    throw new SkipReason(`decoded to ${got}, expected ${size}×${size}×${channels}`)
  }
  return data
}

/** A reason found before sharp was asked, already worded for people. */
class SkipReason extends Error {}

function describeDecodeError(error: unknown, maxInputPixels: number): string {
  const message = error instanceof Error ? error.message : String(error)
  if (error instanceof SkipReason) {
    return message
  }
  if (/pixel limit/i.test(message)) {
    const limit = maxInputPixels >= 1e6 ? `${maxInputPixels / 1e6} megapixels` : `${maxInputPixels} pixels`
    return `image is larger than the limit of ${limit}; skipped to keep memory bounded`
  }
  if (/unsupported image format/i.test(message)) {
    return 'not an image sharp can read (unsupported or damaged file, whatever its extension says)'
  }
  return `could not be decoded: ${message}`
}

/** Runs task(0..count-1) with at most `limit` running at once; stops starting new ones once one throws. */
async function forEachLimited(count: number, limit: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0
  const lane = async () => {
    while (next < count) {
      await task(next++)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, count) }, lane))
}

function tooFewClassesMessage(folder: string, withImages: readonly string[], empty: readonly string[]): string {
  const found = withImages.length === 0 ? 'none' : `1: '${withImages[0]}'`
  const emptyNames = empty.map((name) => `'${name}'`).join(', ')
  const emptyNote = empty.length > 0 ? ` (${emptyNames} had no readable images)` : ''
  return (
    `Importing '${folder}' needs one subfolder per class, with that class's images inside, found ${found}` +
    `${emptyNote}. Add a folder per class (for example 'cats' and 'dogs') and put each class's images in it.`
  )
}

export async function importImageFolder(
  folder: string,
  options: ImageFolderImportOptions,
): Promise<ImageFolderImport> {
  const { size, channels, seed, onProgress, signal } = options
  const maxInputPixels = options.maxInputPixels ?? DEFAULT_MAX_INPUT_PIXELS
  if (!(Number.isInteger(size) && size >= 1 && size <= 1024) || (channels !== 1 && channels !== 3)) {
    throw new Error(`importImageFolder: size must be 1..1024 and channels 1 or 3, got ${size} and ${channels}`)
  }
  const scan = await scanClassFolders(folder)
  const problems: ImportProblem[] = [...scan.problems]
  if (scan.classNames.length < 2) {
    throw new Error(tooFewClassesMessage(folder, scan.classNames, scan.emptyClassFolders))
  }
  if (scan.classNames.length > MAX_CLASSES) {
    const found = scan.classNames.length
    throw new Error(`Importing '${folder}': found ${found} class folders, at most ${MAX_CLASSES} are supported`)
  }

  const files = scan.files
  const imageBytes = size * size * channels
  const images = new Uint8Array(files.length * imageBytes)
  const isDecoded = new Uint8Array(files.length)
  const failures: (ImportProblem | undefined)[] = new Array(files.length)
  let done = 0
  onProgress?.(0, files.length)
  await forEachLimited(files.length, availableParallelism(), async (index) => {
    signal?.throwIfAborted()
    try {
      images.set(await decodeImage(files[index].path, options, maxInputPixels), index * imageBytes)
      isDecoded[index] = 1
    } catch (error) {
      failures[index] = { path: files[index].relativePath, reason: describeDecodeError(error, maxInputPixels) }
    }
    onProgress?.(++done, files.length)
  })
  signal?.throwIfAborted()
  for (const failure of failures) {
    if (failure !== undefined) {
      problems.push(failure)
    }
  }

  // Keep the classes that still have an image, and move the decoded images together (order is preserved).
  const hasImages = scan.classNames.map(() => false)
  files.forEach((file, i) => {
    hasImages[file.label] ||= isDecoded[i] === 1
  })
  const classNames = scan.classNames.filter((_, label) => hasImages[label])
  const emptyClasses = scan.classNames.filter((_, label) => !hasImages[label])
  for (const name of emptyClasses) {
    problems.push({ path: name, reason: 'no readable images; left out as a class' })
  }
  if (classNames.length < 2) {
    throw new Error(tooFewClassesMessage(folder, classNames, [...scan.emptyClassFolders, ...emptyClasses]))
  }
  const newLabel = scan.classNames.map((name) => classNames.indexOf(name))
  const labels: number[] = []
  for (let i = 0; i < files.length; i++) {
    if (isDecoded[i]) {
      images.copyWithin(labels.length * imageBytes, i * imageBytes, (i + 1) * imageBytes)
      labels.push(newLabel[files[i].label])
    }
  }
  const count = labels.length
  const labelBytes = Uint8Array.from(labels)
  const dataset: ImageDataset = {
    name: basename(folder),
    classNames,
    imageShape: { height: size, width: size, channels },
    images: count === files.length ? images : images.slice(0, count * imageBytes),
    labels: labelBytes,
    count,
    splits: seededStratifiedSplit(labelBytes, classNames.length, options.fractions ?? DEFAULT_FRACTIONS, seed),
  }
  return { dataset, problems }
}

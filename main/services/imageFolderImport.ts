// Imports a folder of images, one subfolder per class, into an in-memory ImageDataset: every image decoded with
// sharp, squashed to size×size, converted to grey or RGB. A file that cannot be read is reported and skipped,
// never fatal. Not the cache (datasetStore.ts) and not other sources (importSource.ts picks among them).

import { availableParallelism } from 'node:os'
import { basename } from 'node:path'
import { MAX_CLASSES, seededStratifiedSplit } from '../../app/data/imageDataset'
import type { ImageDataset, SplitFractions } from '../../app/data/imageDataset'
import { decodeImageFile, DEFAULT_MAX_INPUT_PIXELS, describeDecodeError, forEachLimited } from './imageDecode'
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
      const decodeOptions = { size: options.size, channels: options.channels, maxInputPixels }
      images.set(await decodeImageFile(files[index].path, decodeOptions), index * imageBytes)
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

// A labelled image dataset held in memory as uint8 pixels, plus the statistics and splits computed from it.
// Pixels stay uint8 HWC (as decoders produce them) so 100k images at 32×32×3 fit in ~300 MB; conversion to
// float NCHW happens one batch at a time (batch.ts). Not a loader: sampleShapes.ts, the folder import and
// the dataset cache build these.

import { assert } from '../engine/assert'
import { Random } from '../engine/random'
import type { TensorShape } from '../model/networkSpec'

export type DatasetSplits = Readonly<{ train: Int32Array; validation: Int32Array; test: Int32Array }>

export type ImageDataset = Readonly<{
  name: string
  classNames: readonly string[]
  imageShape: TensorShape
  /** count × H × W × C, each image interleaved HWC, row-major. */
  images: Uint8Array
  /** count class indices, each < classNames.length. */
  labels: Uint8Array
  count: number
  /** Indices into images; every image is in exactly one split, each split ascending. */
  splits: DatasetSplits
}>

/** Per-channel mean and standard deviation, in 0..1 pixel units. */
export type Normalization = Readonly<{ mean: readonly number[]; std: readonly number[] }>

export type SplitFractions = Readonly<{ validation: number; test: number }>

/** Labels are stored as one byte each. */
export const MAX_CLASSES = 256

/** Below this a channel is treated as constant and gets std 1, so normalising never divides by ~0. */
const MIN_STD = 1e-6

/** Bytes in one image (H*W*C). */
export function imageByteLength(shape: TensorShape): number {
  return shape.height * shape.width * shape.channels
}

/** Checks that the arrays agree with count, shape and class count; throws naming what disagrees. */
export function checkImageDataset(dataset: ImageDataset, context: string): void {
  const { count, imageShape, classNames, images, labels, splits } = dataset
  const imageBytes = imageByteLength(imageShape)
  assert(Number.isInteger(count) && count >= 0, () => `${context}: count must be a whole number, got ${count}`)
  assert(
    classNames.length >= 1 && classNames.length <= MAX_CLASSES,
    () => `${context}: expected 1 to ${MAX_CLASSES} classes, got ${classNames.length}`,
  )
  assert(
    images.length === count * imageBytes,
    () => `${context}: images has ${images.length} bytes, expected count*H*W*C = ${count}*${imageBytes}`,
  )
  assert(labels.length === count, () => `${context}: labels has ${labels.length} entries, expected ${count}`)
  const badLabel = labels.findIndex((label) => label >= classNames.length)
  assert(
    badLabel < 0,
    () => `${context}: image ${badLabel} has label ${labels[badLabel]}, expected < ${classNames.length} classes`,
  )
  const total = splits.train.length + splits.validation.length + splits.test.length
  assert(total === count, () => `${context}: splits hold ${total} indices, expected one per image (${count})`)
}

/** Throws unless every index names an image (0..count-1). */
export function checkIndices(indices: ArrayLike<number>, count: number, context: string): void {
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i]
    if (!(Number.isInteger(index) && index >= 0 && index < count)) {
      throw new Error(`${context}: index ${index} at position ${i} is outside the dataset's 0..${count - 1}`)
    }
  }
}

/** Mean and std of each channel over the given images (population std); compute it on the training split. */
export function computeNormalization(dataset: ImageDataset, indices: Int32Array): Normalization {
  const channels = dataset.imageShape.channels
  const imageBytes = imageByteLength(dataset.imageShape)
  assert(indices.length > 0, () => 'computeNormalization: needs at least one image, got an empty index list')
  // Integer sums in doubles stay exact far past 100k images (255² × 3e8 < 2^53), so the result is exact.
  const sums = new Float64Array(channels)
  const squares = new Float64Array(channels)
  checkIndices(indices, dataset.count, 'computeNormalization')
  for (let i = 0; i < indices.length; i++) {
    const offset = indices[i] * imageBytes
    for (let p = 0; p < imageBytes; p += channels) {
      for (let c = 0; c < channels; c++) {
        const value = dataset.images[offset + p + c]
        sums[c] += value
        squares[c] += value * value
      }
    }
  }
  const valuesPerChannel = indices.length * (imageBytes / channels)
  const mean: number[] = []
  const std: number[] = []
  for (let c = 0; c < channels; c++) {
    const m = sums[c] / valuesPerChannel
    const variance = Math.max(0, squares[c] / valuesPerChannel - m * m)
    const s = Math.sqrt(variance) / 255
    mean.push(m / 255)
    std.push(s < MIN_STD ? 1 : s)
  }
  return { mean, std }
}

/** How many of the given images are in each class. */
export function classCounts(dataset: ImageDataset, indices: ArrayLike<number>): number[] {
  checkIndices(indices, dataset.count, 'classCounts')
  const counts = new Array<number>(dataset.classNames.length).fill(0)
  for (let i = 0; i < indices.length; i++) {
    counts[dataset.labels[indices[i]]]++
  }
  return counts
}

/**
 * Splits image indices into train / validation / test with the same class proportions in each: every class is
 * shuffled with its own draws from one seeded generator, then cut. Each split is returned ascending.
 */
export function seededStratifiedSplit(
  labels: Uint8Array,
  classCount: number,
  fractions: SplitFractions,
  seed: number,
): { train: Int32Array; validation: Int32Array; test: Int32Array } {
  const { validation, test } = fractions
  assert(
    validation >= 0 && test >= 0 && validation + test < 1,
    () => `seededStratifiedSplit: fractions must be ≥ 0 and leave training data, got ${validation} + ${test}`,
  )
  const badLabel = labels.findIndex((label) => label >= classCount)
  assert(badLabel < 0, () => `seededStratifiedSplit: label ${labels[badLabel]} at ${badLabel} is ≥ ${classCount}`)
  const byClass: number[][] = Array.from({ length: classCount }, () => [])
  for (let i = 0; i < labels.length; i++) {
    byClass[labels[i]].push(i)
  }
  const random = new Random(seed)
  const train: number[] = []
  const validationPart: number[] = []
  const testPart: number[] = []
  for (const members of byClass) {
    const shuffled = Int32Array.from(members)
    random.shuffle(shuffled)
    const validationCount = Math.round(members.length * validation)
    const testCount = Math.min(Math.round(members.length * test), members.length - validationCount)
    for (let i = 0; i < shuffled.length; i++) {
      const part = i < validationCount ? validationPart : i < validationCount + testCount ? testPart : train
      part.push(shuffled[i])
    }
  }
  return {
    train: Int32Array.from(train).sort(),
    validation: Int32Array.from(validationPart).sort(),
    test: Int32Array.from(testPart).sort(),
  }
}

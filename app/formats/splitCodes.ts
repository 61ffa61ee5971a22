// Split codes: one byte per image saying where it belongs (0 train, 1 validation, 2 test), as the dataset cache
// stores them and stableSplit.ts produces them, and the conversion to and from ImageDataset's index lists.

import type { DatasetSplits } from '../data/imageDataset'

const SPLIT_NAMES = ['train', 'validation', 'test'] as const

/** One split code per image (0 train, 1 validation, 2 test) from index lists; throws on a repeat or a gap. */
export function datasetSplitCodes(splits: DatasetSplits, count: number): Uint8Array {
  const codes = new Uint8Array(count).fill(255)
  SPLIT_NAMES.forEach((part, code) => {
    for (const index of splits[part]) {
      if (!(index >= 0 && index < count) || codes[index] !== 255) {
        throw new Error(`split ${part} holds index ${index}, which is out of range or repeated`)
      }
      codes[index] = code
    }
  })
  const missing = codes.indexOf(255)
  if (missing >= 0) {
    throw new Error(`image ${missing} is in no split`)
  }
  return codes
}

/** How many images each split code holds; throws naming the first code that is not 0, 1 or 2. */
export function countSplitCodes(codes: Uint8Array): [number, number, number] {
  const counts: [number, number, number] = [0, 0, 0]
  for (let index = 0; index < codes.length; index++) {
    const code = codes[index]
    if (code > 2) {
      throw new Error(`image ${index} has split code ${code}, expected 0, 1 or 2`)
    }
    counts[code]++
  }
  return counts
}

/** The index lists (each ascending) that split codes describe. */
export function splitsFromCodes(codes: Uint8Array): DatasetSplits {
  const parts = countSplitCodes(codes).map((length) => new Int32Array(length))
  const filled = [0, 0, 0]
  for (let index = 0; index < codes.length; index++) {
    parts[codes[index]][filled[codes[index]]++] = index
  }
  return { train: parts[0], validation: parts[1], test: parts[2] }
}

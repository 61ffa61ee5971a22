import { describe, expect, test } from 'vitest'
import {
  checkImageDataset,
  classCounts,
  computeNormalization,
  seededStratifiedSplit,
} from '../../../app/data/imageDataset'
import type { ImageDataset } from '../../../app/data/imageDataset'

/** Two 1×2×3 images plus a third that only the "all images" statistics see. */
function tinyDataset(): ImageDataset {
  // channel 0: 0, 255, 0, 255 | channel 1: always 51 | channel 2: 0, 51, 102, 153 (then 255 in the outlier)
  const images = Uint8Array.from([0, 51, 0, 255, 51, 51, 0, 51, 102, 255, 51, 153, 255, 255, 255, 255, 255, 255])
  return {
    name: 'tiny',
    classNames: ['a', 'b'],
    imageShape: { height: 1, width: 2, channels: 3 },
    images,
    labels: Uint8Array.from([0, 1, 1]),
    count: 3,
    splits: { train: Int32Array.from([0, 1]), validation: Int32Array.from([2]), test: new Int32Array(0) },
  }
}

describe('computeNormalization', () => {
  test('matches a hand computation on the given indices only', () => {
    const { mean, std } = computeNormalization(tinyDataset(), Int32Array.from([0, 1]))
    // channel 0: values 0, 1, 0, 1 -> mean 0.5, std 0.5
    // channel 1: constant 0.2 -> std 0, reported as 1 so normalising never divides by zero
    // channel 2: values 0, 0.2, 0.4, 0.6 -> mean 0.3, variance (0.09 + 0.01 + 0.01 + 0.09) / 4 = 0.05
    expect(mean[0]).toBeCloseTo(0.5, 12)
    expect(mean[1]).toBeCloseTo(0.2, 12)
    expect(mean[2]).toBeCloseTo(0.3, 12)
    expect(std[0]).toBeCloseTo(0.5, 12)
    expect(std[1]).toBe(1)
    expect(std[2]).toBeCloseTo(Math.sqrt(0.05), 12)
  })

  test('refuses an empty or out-of-range index list', () => {
    expect(() => computeNormalization(tinyDataset(), new Int32Array(0))).toThrow(/at least one image/)
    expect(() => computeNormalization(tinyDataset(), Int32Array.from([3]))).toThrow(/index 3/)
  })
})

test('classCounts counts labels of the given images', () => {
  expect(classCounts(tinyDataset(), [0, 1, 2])).toEqual([1, 2])
  expect(classCounts(tinyDataset(), Int32Array.from([2]))).toEqual([0, 1])
})

test('checkImageDataset names what disagrees', () => {
  const dataset = tinyDataset()
  expect(() => checkImageDataset({ ...dataset, count: 4 }, 'here')).toThrow(/here: images has 18 bytes/)
  expect(() => checkImageDataset({ ...dataset, labels: Uint8Array.from([0, 2, 1]) }, 'here')).toThrow(/label 2/)
  expect(() => checkImageDataset(dataset, 'here')).not.toThrow()
})

describe('seededStratifiedSplit', () => {
  // 3 classes of different sizes: 100, 50 and 7 images, shuffled together.
  const labels = Uint8Array.from([...Array(100).fill(0), ...Array(50).fill(1), ...Array(7).fill(2)].reverse())
  const split = seededStratifiedSplit(labels, 3, { validation: 0.1, test: 0.2 }, 42)

  test('every image lands in exactly one split, each split ascending', () => {
    const all = [...split.train, ...split.validation, ...split.test].sort((a, b) => a - b)
    expect(all).toEqual(Array.from(labels, (_, i) => i))
    for (const part of [split.train, split.validation, split.test]) {
      expect(Array.from(part)).toEqual(Array.from(part).sort((a, b) => a - b))
    }
  })

  test('each class keeps its proportions in each split', () => {
    const countsIn = (part: Int32Array) => [0, 1, 2].map((c) => part.filter((i) => labels[i] === c).length)
    expect(countsIn(split.validation)).toEqual([10, 5, 1]) // round(100 * 0.1), round(50 * 0.1), round(0.7)
    expect(countsIn(split.test)).toEqual([20, 10, 1]) // round(100 * 0.2), round(50 * 0.2), round(1.4)
    expect(countsIn(split.train)).toEqual([70, 35, 5])
  })

  test('same seed gives the same split, another seed another', () => {
    expect(seededStratifiedSplit(labels, 3, { validation: 0.1, test: 0.2 }, 42)).toEqual(split)
    const other = seededStratifiedSplit(labels, 3, { validation: 0.1, test: 0.2 }, 43)
    expect(Array.from(other.validation)).not.toEqual(Array.from(split.validation))
  })

  test('refuses impossible fractions and labels beyond the class count', () => {
    expect(() => seededStratifiedSplit(labels, 3, { validation: 0.5, test: 0.5 }, 1)).toThrow(/fractions/)
    expect(() => seededStratifiedSplit(labels, 2, { validation: 0.1, test: 0.1 }, 1)).toThrow(/label 2/)
  })
})

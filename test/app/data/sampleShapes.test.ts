import { describe, expect, test } from 'vitest'
import { classCounts } from '../../../app/data/imageDataset'
import { generateSampleShapes, SAMPLE_SHAPES_CLASSES, SAMPLE_SHAPES_DEFAULTS } from '../../../app/data/sampleShapes'

function luminanceRange(images: Uint8Array, index: number, pixels: number): number {
  let low = 255
  let high = 0
  for (let p = 0; p < pixels; p++) {
    const offset = (index * pixels + p) * 3
    const y = 0.299 * images[offset] + 0.587 * images[offset + 1] + 0.114 * images[offset + 2]
    low = Math.min(low, y)
    high = Math.max(high, y)
  }
  return high - low
}

describe('generateSampleShapes', () => {
  const dataset = generateSampleShapes()

  test('defaults: 32×32 RGB, the listed classes, the default count per class', () => {
    expect(dataset.imageShape).toEqual({ height: 32, width: 32, channels: 3 })
    expect(dataset.classNames).toEqual([...SAMPLE_SHAPES_CLASSES])
    expect(dataset.classNames.length).toBeGreaterThanOrEqual(5)
    expect(dataset.count).toBe(SAMPLE_SHAPES_DEFAULTS.perClass * SAMPLE_SHAPES_CLASSES.length)
    expect(dataset.images.length).toBe(dataset.count * 32 * 32 * 3)
  })

  test('is deterministic from the seed', () => {
    const again = generateSampleShapes({ seed: SAMPLE_SHAPES_DEFAULTS.seed })
    expect(Buffer.from(again.images).equals(Buffer.from(dataset.images))).toBe(true)
    expect(again.labels).toEqual(dataset.labels)
    expect(again.splits).toEqual(dataset.splits)
    const other = generateSampleShapes({ seed: SAMPLE_SHAPES_DEFAULTS.seed + 1 })
    expect(Buffer.from(other.images).equals(Buffer.from(dataset.images))).toBe(false)
    expect(Array.from(other.splits.test)).not.toEqual(Array.from(dataset.splits.test))
  })

  test('classes are balanced and every split is stratified 80/10/10', () => {
    const perClass = SAMPLE_SHAPES_DEFAULTS.perClass
    const all = Array.from(dataset.labels, (_, i) => i)
    expect(classCounts(dataset, all)).toEqual(Array(SAMPLE_SHAPES_CLASSES.length).fill(perClass))
    expect(classCounts(dataset, dataset.splits.validation)).toEqual(Array(6).fill(perClass * 0.1))
    expect(classCounts(dataset, dataset.splits.test)).toEqual(Array(6).fill(perClass * 0.1))
    expect(classCounts(dataset, dataset.splits.train)).toEqual(Array(6).fill(perClass * 0.8))
  })

  test('every image shows a shape that stands out from its background', () => {
    const pixels = 32 * 32
    const ranges = Array.from({ length: dataset.count }, (_, i) => luminanceRange(dataset.images, i, pixels))
    expect(Math.min(...ranges)).toBeGreaterThan(60)
  })

  test('mean colour alone does not tell the classes apart (nearest class centroid stays near chance)', () => {
    const meanColour = (index: number) => {
      const sums = [0, 0, 0]
      for (let p = 0; p < 1024; p++) {
        for (let c = 0; c < 3; c++) {
          sums[c] += dataset.images[(index * 1024 + p) * 3 + c]
        }
      }
      return sums.map((sum) => sum / 1024)
    }
    const centroids = SAMPLE_SHAPES_CLASSES.map(() => [0, 0, 0])
    for (const index of dataset.splits.train) {
      meanColour(index).forEach((value, c) => (centroids[dataset.labels[index]][c] += value))
    }
    const trainPerClass = classCounts(dataset, dataset.splits.train)
    centroids.forEach((centroid, label) => centroid.forEach((_, c) => (centroid[c] /= trainPerClass[label])))
    let correct = 0
    for (const index of dataset.splits.test) {
      const colour = meanColour(index)
      const distances = centroids.map((centroid) => centroid.reduce((sum, v, c) => sum + (v - colour[c]) ** 2, 0))
      correct += distances.indexOf(Math.min(...distances)) === dataset.labels[index] ? 1 : 0
    }
    expect(correct / dataset.splits.test.length).toBeLessThan(0.35) // chance is 1/6
  })

  test('honours size and perClass, and labels images class by class in turn', () => {
    const sized = generateSampleShapes({ size: 16, perClass: 10 })
    expect(sized.imageShape).toEqual({ height: 16, width: 16, channels: 3 })
    expect(sized.count).toBe(60)
    expect(Array.from(sized.labels.subarray(0, 7))).toEqual([0, 1, 2, 3, 4, 5, 0])
  })

  test('refuses options it cannot honour', () => {
    expect(() => generateSampleShapes({ perClass: 0 })).toThrow(/perClass/)
    expect(() => generateSampleShapes({ size: 4 })).toThrow(/size/)
    expect(() => generateSampleShapes({ seed: 1.5 })).toThrow(/seed/)
  })
})

import { describe, expect, test } from 'vitest'
import {
  NO_AUGMENTATION,
  applyAugmentation,
  augmentImage,
  fillAugmentedInputBatch,
  identityDraw,
} from '../../../app/data/augment'
import type { AugmentationDraw, AugmentationSettings } from '../../../app/data/augment'
import { fillInputBatch } from '../../../app/data/batch'
import type { ImageDataset } from '../../../app/data/imageDataset'
import { Random } from '../../../app/engine/random'
import type { TensorShape } from '../../../app/model/networkSpec'

const shape: TensorShape = { height: 4, width: 5, channels: 3 }
/** Every byte different: value(y, x, c) = 10y + 2x + 100c + 1 (1..239). */
const image = Uint8Array.from({ length: 60 }, (_, i) => {
  const c = i % 3
  const x = Math.floor(i / 3) % 5
  const y = Math.floor(i / 15)
  return 10 * y + 2 * x + 100 * c + 1
})
const at = (values: Uint8Array, s: TensorShape, y: number, x: number, c: number) =>
  values[(y * s.width + x) * s.channels + c]

const IDENTITY: AugmentationDraw = identityDraw()
const ALL_ON: AugmentationSettings = { flip: true, shiftPixels: 2, rotationDegrees: 15, brightness: 0.3, contrast: 0.3 }

function applied(draw: Partial<AugmentationDraw>, source: Uint8Array = image, s = shape): Uint8Array {
  const out = new Uint8Array(source.length)
  applyAugmentation(out, source, s, { ...IDENTITY, ...draw })
  return out
}

/** Where the output pixel (y, x) comes from under a flip and a whole-pixel shift, or null for zero padding. */
function expectedShifted(s: TensorShape, flip: boolean, shiftX: number, shiftY: number) {
  const out = new Uint8Array(s.height * s.width * s.channels)
  for (let y = 0; y < s.height; y++) {
    for (let x = 0; x < s.width; x++) {
      const sy = y - shiftY
      const sx = x - shiftX
      for (let c = 0; c < s.channels; c++) {
        const inside = sy >= 0 && sy < s.height && sx >= 0 && sx < s.width
        out[(y * s.width + x) * s.channels + c] = inside ? at(image, s, sy, flip ? s.width - 1 - sx : sx, c) : 0
      }
    }
  }
  return out
}

describe('applyAugmentation (a given draw)', () => {
  test('the identity draw copies the image', () => {
    expect(applied({})).toEqual(image)
  })

  test('flip is an exact left-right mirror, and flipping twice gives the image back', () => {
    const flipped = applied({ flip: true })
    for (let y = 0; y < 4; y++) {
      for (let x = 0; x < 5; x++) {
        for (let c = 0; c < 3; c++) {
          expect(at(flipped, shape, y, x, c)).toBe(at(image, shape, y, 4 - x, c))
        }
      }
    }
    expect(applied({ flip: true }, flipped)).toEqual(image)
  })

  test('a shift by (2, −1) moves every pixel 2 right and 1 up, zero where the border is uncovered', () => {
    const shifted = applied({ shiftX: 2, shiftY: -1 })
    expect(at(shifted, shape, 0, 2, 1)).toBe(at(image, shape, 1, 0, 1))
    expect(at(shifted, shape, 2, 4, 0)).toBe(at(image, shape, 3, 2, 0))
    expect(at(shifted, shape, 3, 3, 2)).toBe(0) // bottom row: its source row 4 does not exist
    expect(at(shifted, shape, 1, 1, 0)).toBe(0) // left columns: sources x = −1
    expect(shifted).toEqual(expectedShifted(shape, false, 2, -1))
    expect(applied({ shiftX: -1, shiftY: 3, flip: true })).toEqual(expectedShifted(shape, true, -1, 3))
  })

  test('rotation by 0 or 360 degrees is the identity (the bilinear path lands on pixel centres)', () => {
    expect(applied({ angleDegrees: 360 })).toEqual(image)
    expect(applied({ angleDegrees: -360, shiftX: 1 })).toEqual(applied({ shiftX: 1 }))
  })

  test('rotation by 90 degrees turns a square image counter-clockwise (numpy.rot90: out[i][j] = in[j][n−1−i])', () => {
    const square: TensorShape = { height: 4, width: 4, channels: 2 }
    const source = Uint8Array.from({ length: 32 }, (_, i) => (i * 7) % 251)
    const rotated = applied({ angleDegrees: 90 }, source, square)
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        for (let c = 0; c < 2; c++) {
          expect(at(rotated, square, i, j, c)).toBe(at(source, square, j, 3 - i, c))
        }
      }
    }
    expect(applied({ angleDegrees: -90 }, rotated, square)).toEqual(source)
  })

  test('rotation fills from the edge: a constant image stays constant at any angle', () => {
    const constant = new Uint8Array(60).fill(77)
    for (const angleDegrees of [7, -13.5, 45, 180]) {
      expect(applied({ angleDegrees }, constant)).toEqual(constant)
    }
  })

  test('brightness scales values (mean up for a factor above 1, down below), clamped to 0..255', () => {
    const mean = (values: Uint8Array) => values.reduce((sum, v) => sum + v, 0) / values.length
    expect(mean(applied({ brightnessFactor: 1.2 }))).toBeGreaterThan(mean(image))
    expect(mean(applied({ brightnessFactor: 0.8 }))).toBeLessThan(mean(image))
    const grey: TensorShape = { height: 1, width: 4, channels: 1 }
    expect(Array.from(applied({ brightnessFactor: 1.5 }, Uint8Array.from([0, 10, 100, 200]), grey))).toEqual([
      0, 15, 150, 255,
    ])
  })

  test('contrast blends with the mean (plain mean for one channel, luma for three)', () => {
    const grey: TensorShape = { height: 2, width: 2, channels: 1 }
    // mean 100: 100 + 0.5·(v − 100)
    expect(Array.from(applied({ contrastFactor: 0.5 }, Uint8Array.from([0, 100, 200, 100]), grey))).toEqual([
      50, 100, 150, 100,
    ])
    // One red and one black pixel: luma mean = 0.299·200 / 2 = 29.9; factor 0 makes every value that mean.
    const rgb: TensorShape = { height: 1, width: 2, channels: 3 }
    expect(Array.from(applied({ contrastFactor: 0 }, Uint8Array.from([200, 0, 0, 0, 0, 0]), rgb))).toEqual(
      Array(6).fill(30),
    )
  })

  test('refuses a wrong length and an output that shares memory with the image', () => {
    expect(() => applyAugmentation(new Uint8Array(59), image, shape, IDENTITY)).toThrow(/expected H\*W\*C = 60/)
    const both = new Uint8Array(100)
    expect(() => applyAugmentation(both.subarray(30, 90), both.subarray(0, 60), shape, IDENTITY)).toThrow(
      /must not share memory/,
    )
  })
})

describe('augmentImage (seeded draws)', () => {
  test('NO_AUGMENTATION is the identity and draws nothing from the generator', () => {
    const random = new Random(5)
    const before = random.getState()
    const out = new Uint8Array(60)
    augmentImage(out, image, shape, NO_AUGMENTATION, random)
    expect(out).toEqual(image)
    expect(random.getState()).toEqual(before)
  })

  test('the same generator state gives the same images; another seed gives others', () => {
    const sequence = (seed: number) => {
      const random = new Random(seed)
      return Array.from({ length: 8 }, () => {
        const out = new Uint8Array(60)
        augmentImage(out, image, shape, ALL_ON, random)
        return Array.from(out)
      })
    }
    expect(sequence(42)).toEqual(sequence(42))
    expect(sequence(43)).not.toEqual(sequence(42))
  })

  test('flip only: each output is the image or its mirror, both about half of the time', () => {
    const random = new Random(1)
    const mirror = applied({ flip: true })
    let mirrored = 0
    for (let i = 0; i < 400; i++) {
      const out = new Uint8Array(60)
      augmentImage(out, image, shape, { ...NO_AUGMENTATION, flip: true }, random)
      const isMirror = out.every((v, j) => v === mirror[j])
      expect(isMirror || out.every((v, j) => v === image[j])).toBe(true)
      mirrored += isMirror ? 1 : 0
    }
    expect(mirrored).toBeGreaterThan(160) // Binomial(400, 0.5): mean 200, sd 10
    expect(mirrored).toBeLessThan(240)
  })

  test('shift only: each output is the image shifted by whole pixels within ±shiftPixels, all offsets occur', () => {
    const random = new Random(9)
    const seen = new Set<string>()
    for (let i = 0; i < 200; i++) {
      const out = new Uint8Array(60)
      augmentImage(out, image, shape, { ...NO_AUGMENTATION, shiftPixels: 1 }, random)
      const match = [-1, 0, 1]
        .flatMap((dy) => [-1, 0, 1].map((dx) => [dx, dy]))
        .find(([dx, dy]) => expectedShifted(shape, false, dx, dy).every((v, j) => v === out[j]))
      expect(match).toBeDefined()
      seen.add(String(match))
    }
    expect(seen.size).toBe(9)
  })
})

describe('fillAugmentedInputBatch', () => {
  const dataset: ImageDataset = {
    name: 'gradient',
    classNames: ['a', 'b'],
    imageShape: shape,
    images: Uint8Array.from({ length: 3 * 60 }, (_, i) => (i * 37 + 11) % 256),
    labels: Uint8Array.from([0, 1, 0]),
    count: 3,
    splits: { train: Int32Array.from([0, 1, 2]), validation: new Int32Array(0), test: new Int32Array(0) },
  }
  const normalization = { mean: [0.5, 0.4, 0.3], std: [0.25, 0.2, 0.5] }
  const indices = Int32Array.from([2, 0, 1, 2])

  test('with NO_AUGMENTATION it writes exactly what fillInputBatch writes, and leaves the rest alone', () => {
    const expected = new Float32Array(4 * 60).fill(-9)
    const actual = new Float32Array(4 * 60).fill(-9)
    fillInputBatch(expected, dataset, indices, 1, 3, normalization)
    fillAugmentedInputBatch(actual, dataset, indices, 1, 3, normalization, NO_AUGMENTATION, new Random(3))
    expect(actual).toEqual(expected)
  })

  test('with augmentation it equals augmentImage on each image in order, then fillInputBatch', () => {
    const actual = new Float32Array(3 * 60)
    fillAugmentedInputBatch(actual, dataset, indices, 0, 3, normalization, ALL_ON, new Random(11))
    const random = new Random(11)
    const augmented = new Uint8Array(3 * 60)
    for (let n = 0; n < 3; n++) {
      const source = dataset.images.subarray(indices[n] * 60, indices[n] * 60 + 60)
      augmentImage(augmented.subarray(n * 60, n * 60 + 60), source, shape, ALL_ON, random)
    }
    const expected = new Float32Array(3 * 60)
    fillInputBatch(expected, { ...dataset, images: augmented }, [0, 1, 2], 0, 3, normalization)
    expect(actual).toEqual(expected)
  })

  test('refuses bad settings, a range past the indices and an index outside the dataset', () => {
    const out = new Float32Array(4 * 60)
    const fill = (settings: AugmentationSettings, start: number, count: number, list = indices) => () =>
      fillAugmentedInputBatch(out, dataset, list, start, count, normalization, settings, new Random(1))
    expect(fill({ ...NO_AUGMENTATION, shiftPixels: 1.5 }, 0, 1)).toThrow(/shiftPixels must be a whole number/)
    expect(fill({ ...NO_AUGMENTATION, rotationDegrees: 200 }, 0, 1)).toThrow(/rotationDegrees must be from 0 to 180/)
    expect(fill({ ...NO_AUGMENTATION, brightness: -0.1 }, 0, 1)).toThrow(/brightness must be from 0 to 1/)
    expect(fill(NO_AUGMENTATION, 2, 3)).toThrow(/outside the 4 indices/)
    expect(fill(NO_AUGMENTATION, 0, 1, Int32Array.from([3]))).toThrow(/index 3/)
  })
})

import { describe, expect, test } from 'vitest'
import { paintOneImage, paintThumbnails, thumbnailScale } from '../../../../renderer/features/data/drawThumbnails'

/** Reads one RGBA pixel of the painted grid. */
function pixelAt(painted: { width: number; pixels: Uint8ClampedArray }, x: number, y: number): number[] {
  const at = (y * painted.width + x) * 4
  return Array.from(painted.pixels.subarray(at, at + 4))
}

function randomImage(length: number, seed: number): Uint8Array {
  const image = new Uint8Array(length)
  let state = seed
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31
    image[i] = state % 256
  }
  return image
}

describe('thumbnailScale', () => {
  test('enlarges small images by a whole factor and shrinks large ones to fit', () => {
    expect(thumbnailScale({ height: 32, width: 32, channels: 3 }, 64)).toBe(2)
    expect(thumbnailScale({ height: 28, width: 20, channels: 1 }, 64)).toBe(2)
    expect(thumbnailScale({ height: 10, width: 10, channels: 1 }, 64)).toBe(6)
    expect(thumbnailScale({ height: 128, width: 256, channels: 3 }, 64)).toBe(0.25)
    // The whole factor nearest the cell: 33 pixels are doubled (66 is nearer 64 than 33 is), 45 stay as they are.
    expect(thumbnailScale({ height: 33, width: 33, channels: 3 }, 64)).toBe(2)
    expect(thumbnailScale({ height: 45, width: 30, channels: 3 }, 64)).toBe(1)
  })
})

describe('paintThumbnails', () => {
  test('each image pixel becomes a scale×scale block of the same colour (RGB)', () => {
    const shape = { height: 3, width: 4, channels: 3 }
    const image = randomImage(3 * 4 * 3, 1)
    const painted = paintThumbnails([image], shape, { cellSize: 8, columns: 4, gap: 2 })
    expect([painted.width, painted.height]).toEqual([8, 6])
    for (let y = 0; y < 3; y++) {
      for (let x = 0; x < 4; x++) {
        const source = (y * 4 + x) * 3
        const expected = [image[source], image[source + 1], image[source + 2], 255]
        for (const [dx, dy] of [
          [0, 0],
          [1, 0],
          [0, 1],
          [1, 1],
        ]) {
          expect(pixelAt(painted, 2 * x + dx, 2 * y + dy)).toEqual(expected)
        }
      }
    }
  })

  test('lays images out in rows with transparent gaps', () => {
    const shape = { height: 2, width: 2, channels: 1 }
    const images = [1, 2, 3].map((value) => new Uint8Array(4).fill(value * 50))
    const painted = paintThumbnails(images, shape, { cellSize: 2, columns: 2, gap: 1 })
    expect([painted.width, painted.height]).toEqual([5, 5])
    expect(pixelAt(painted, 0, 0)).toEqual([50, 50, 50, 255])
    expect(pixelAt(painted, 2, 0)).toEqual([0, 0, 0, 0]) // gap column
    expect(pixelAt(painted, 3, 1)).toEqual([100, 100, 100, 255])
    expect(pixelAt(painted, 0, 2)).toEqual([0, 0, 0, 0]) // gap row
    expect(pixelAt(painted, 1, 4)).toEqual([150, 150, 150, 255])
    expect(pixelAt(painted, 4, 4)).toEqual([0, 0, 0, 0]) // no fourth image
  })

  test('reads grey, grey+alpha and RGBA pixels', () => {
    const one = (channels: number, values: number[]) =>
      pixelAt(
        paintThumbnails(
          [new Uint8Array(values)],
          { height: 1, width: 1, channels },
          { cellSize: 1, columns: 1, gap: 0 },
        ),
        0,
        0,
      )
    expect(one(1, [7])).toEqual([7, 7, 7, 255])
    expect(one(2, [7, 9])).toEqual([7, 7, 7, 9])
    expect(one(4, [1, 2, 3, 4])).toEqual([1, 2, 3, 4])
    expect(one(5, [1, 2, 3, 4, 5])).toEqual([1, 2, 3, 255])
  })

  test('subsamples large images to the cell size', () => {
    const shape = { height: 8, width: 4, channels: 1 }
    const image = Uint8Array.from({ length: 32 }, (_, index) => index)
    const painted = paintThumbnails([image], shape, { cellSize: 4, columns: 1, gap: 0 })
    expect([painted.width, painted.height]).toEqual([2, 4])
    // Output pixel (x, y) samples source (2x, 2y).
    expect(pixelAt(painted, 1, 3)[0]).toBe(image[6 * 4 + 2])
  })

  test('paints nothing for no images', () => {
    const painted = paintThumbnails([], { height: 4, width: 4, channels: 3 })
    expect([painted.width, painted.height, painted.pixels.length]).toEqual([0, 0, 0])
  })
})

test('paintOneImage keeps the image at its own size, one RGBA pixel per image pixel', () => {
  const shape = { height: 2, width: 3, channels: 3 }
  const image = Uint8Array.from({ length: 18 }, (_, i) => i * 10)
  const painted = paintOneImage(image, shape)
  expect([painted.width, painted.height]).toEqual([3, 2])
  expect(Array.from(painted.pixels)).toEqual(Array.from({ length: 6 }, (_, p) => [...image.subarray(p * 3, p * 3 + 3), 255]).flat())
})

// Colour conversion after decoding: flattening onto white, grey to RGB, RGB to luma, against values worked out
// by hand from the formulas (PIL's integer luma; v·a/255 + 255·(1 − a/255) over white).

import { describe, expect, test } from 'vitest'
import { toColorMode } from '../../../../main/services/import/pixelColor'

const bytes = (...values: number[]) => Uint8Array.from(values)

describe('toColorMode', () => {
  test('returns the same array when the channels already match', () => {
    const grey = bytes(1, 2, 3)
    expect(toColorMode(grey, 1, 'grayscale')).toBe(grey)
    const rgb = bytes(1, 2, 3)
    expect(toColorMode(rgb, 3, 'rgb')).toBe(rgb)
  })

  test('grey to RGB repeats; RGB to grey is (19595 R + 38470 G + 7471 B + 32768) >> 16', () => {
    expect(Array.from(toColorMode(bytes(7, 200), 1, 'rgb'))).toEqual([7, 7, 7, 200, 200, 200])
    const luma = (r: number, g: number, b: number) =>
      Math.floor((19595 * r + 38470 * g + 7471 * b + 32768) / 65536)
    expect(Array.from(toColorMode(bytes(255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30), 3, 'grayscale')))
      .toEqual([76, 150, 29, luma(10, 20, 30)])
  })

  test('alpha is flattened onto white before anything else', () => {
    // grey 100 at alpha 128: 100·128/255 + 255·127/255 = 177.2 -> 177 (what sharp's flatten gives too).
    expect(Array.from(toColorMode(bytes(100, 128, 100, 0, 100, 255), 2, 'grayscale'))).toEqual([177, 255, 100])
    expect(Array.from(toColorMode(bytes(100, 128), 2, 'rgb'))).toEqual([177, 177, 177])
    expect(Array.from(toColorMode(bytes(255, 0, 0, 0, 0, 0, 255, 255), 4, 'rgb')))
      .toEqual([255, 255, 255, 0, 0, 255])
    expect(Array.from(toColorMode(bytes(0, 0, 255, 255), 4, 'grayscale'))).toEqual([29])
  })

  test('refuses a channel count that does not divide the bytes', () => {
    expect(() => toColorMode(bytes(1, 2, 3, 4), 3, 'rgb'))
      .toThrow(/expected 1 to 4 channels dividing 4 bytes, got 3/)
    expect(() => toColorMode(bytes(1), 5, 'rgb')).toThrow(/got 5/)
  })
})

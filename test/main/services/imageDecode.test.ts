// Decoding one image to the preprocessing: each resize mode checked pixel by pixel on a banded image whose
// expected output can be worked out by hand, colour modes, transparency, EXIF orientation, 16-bit input, BMP,
// and each refusal (decompression bomb before decoding, truncated, not an image, empty) with its reason.

import sharp from 'sharp'
import { describe, expect, test } from 'vitest'
import type { Preprocessing } from '../../../app/data/importSettings'
import {
  decodeImage,
  DEFAULT_MAX_INPUT_PIXELS,
  describeDecodeError,
  preprocessPixels,
} from '../../../main/services/imageDecode'
import { bandedPixels, bandedPng, bombPng, solidBmp, truncatedJpeg } from './imageFixtures'
import type { Rgb } from './imageFixtures'

const RED: Rgb = [255, 0, 0]
const GREEN: Rgb = [0, 255, 0]
const BLUE: Rgb = [0, 0, 255]
const BLACK: Rgb = [0, 0, 0]
/** 40×20: columns 0–9 red, 10–29 green, 30–39 blue. */
const BANDS: Rgb[] = [RED, GREEN, GREEN, BLUE]

function pixelAt(pixels: Uint8Array, size: number, x: number, y: number): number[] {
  return Array.from(pixels.subarray((y * size + x) * 3, (y * size + x) * 3 + 3))
}

/** Every pixel of the given rows and columns is within `tolerance` of the colour. */
function expectRegion(pixels: Uint8Array, size: number, xs: number[], ys: number[], colour: Rgb, tolerance = 6) {
  for (const y of ys) {
    for (const x of xs) {
      const got = pixelAt(pixels, size, x, y)
      const off = got.some((value, c) => Math.abs(value - colour[c]) > tolerance)
      expect(off ? `(${x}, ${y}) = ${got}` : 'ok', `pixel (${x}, ${y}) should be ${colour}`).toBe('ok')
    }
  }
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)
const rgb = (size: number, resizeMode: Preprocessing['resizeMode']): Preprocessing =>
  ({ size, colorMode: 'rgb', resizeMode })

describe('decodeImage resize modes on a 40×20 image of red | green | green | blue columns', () => {
  test('squash stretches to 20×20: red, green, blue columns at half width', async () => {
    const { pixels, width, height } = await decodeImage(await bandedPng(40, 20, BANDS), rgb(20, 'squash'), 1e8)
    expect({ width, height, length: pixels.length }).toEqual({ width: 40, height: 20, length: 20 * 20 * 3 })
    const rows = range(0, 19)
    expectRegion(pixels, 20, range(0, 3), rows, RED)
    expectRegion(pixels, 20, range(6, 13), rows, GREEN)
    expectRegion(pixels, 20, range(16, 19), rows, BLUE)
  })

  test('centerCrop keeps the middle 20 columns: all green', async () => {
    const { pixels } = await decodeImage(await bandedPng(40, 20, BANDS), rgb(20, 'centerCrop'), 1e8)
    expectRegion(pixels, 20, range(0, 19), range(0, 19), GREEN, 0)
  })

  test('letterbox fits 20×10 in the middle rows and pads black above and below', async () => {
    const { pixels } = await decodeImage(await bandedPng(40, 20, BANDS), rgb(20, 'letterbox'), 1e8)
    expectRegion(pixels, 20, range(0, 19), [...range(0, 3), ...range(16, 19)], BLACK, 0)
    const content = range(6, 13)
    expectRegion(pixels, 20, range(0, 3), content, RED)
    expectRegion(pixels, 20, range(6, 13), content, GREEN)
    expectRegion(pixels, 20, range(16, 19), content, BLUE)
  })

  test('grayscale is ITU-R 601 luma in integers (as PIL, torchvision): red 76, green 150, blue 29', async () => {
    const preprocessing: Preprocessing = { size: 40, colorMode: 'grayscale', resizeMode: 'squash' }
    const bytes = await sharp(bandedPixels(40, 40, BANDS), { raw: { width: 40, height: 40, channels: 3 } })
      .png().toBuffer()
    const { pixels } = await decodeImage(bytes, preprocessing, 1e8)
    expect(pixels.length).toBe(40 * 40)
    expect([pixels[0], pixels[20], pixels[39]]).toEqual([76, 150, 29])
  })

  test('pixels already in memory (IDX, CIFAR) go through the same resize', async () => {
    const raw = bandedPixels(40, 20, BANDS)
    const fromPixels = await preprocessPixels(raw, 40, 20, 3, rgb(20, 'letterbox'))
    const fromFile = await decodeImage(await bandedPng(40, 20, BANDS), rgb(20, 'letterbox'), 1e8)
    expect(Array.from(fromPixels)).toEqual(Array.from(fromFile.pixels))
    // At the native size and colour nothing is resized or converted: the same bytes come back.
    const square = bandedPixels(8, 8, BANDS)
    expect(await preprocessPixels(square, 8, 8, 3, rgb(8, 'squash'))).toBe(square)
  })
})

describe('decodeImage colour, transparency, orientation and formats', () => {
  test('transparent pixels are flattened onto white, opaque ones kept', async () => {
    const rgba = new Uint8Array(4 * 4 * 4)
    for (let p = 0; p < 16; p++) {
      rgba.set(p % 4 < 2 ? [255, 0, 0, 0] : [0, 0, 255, 255], p * 4) // left half clear red, right half blue
    }
    const png = await sharp(rgba, { raw: { width: 4, height: 4, channels: 4 } }).png().toBuffer()
    const { pixels } = await decodeImage(png, rgb(4, 'squash'), 1e8)
    expect(pixelAt(pixels, 4, 0, 0)).toEqual([255, 255, 255])
    expect(pixelAt(pixels, 4, 3, 3)).toEqual([0, 0, 255])
  })

  test('EXIF orientation applies: a 40×20 red | blue JPEG tagged "rotate 90°" comes out red on top', async () => {
    const jpeg = await sharp(bandedPixels(40, 20, [RED, BLUE]), { raw: { width: 40, height: 20, channels: 3 } })
      .withMetadata({ orientation: 6 })
      .jpeg({ quality: 100 })
      .toBuffer()
    const { pixels, width, height } = await decodeImage(jpeg, rgb(20, 'squash'), 1e8)
    expect({ width, height }).toEqual({ width: 40, height: 20 })
    expectRegion(pixels, 20, range(0, 19), range(0, 7), RED, 12)
    expectRegion(pixels, 20, range(0, 19), range(12, 19), BLUE, 12)
  })

  test('a PNG with an EXIF orientation (eXIf chunk) is turned too', async () => {
    const png = await sharp(bandedPixels(40, 20, [RED, BLUE]), { raw: { width: 40, height: 20, channels: 3 } })
      .withMetadata({ orientation: 6 })
      .png()
      .toBuffer()
    const { pixels } = await decodeImage(png, rgb(20, 'squash'), 1e8)
    expectRegion(pixels, 20, range(0, 19), range(0, 7), RED)
    expectRegion(pixels, 20, range(0, 19), range(12, 19), BLUE)
  })

  test('a 16-bit PNG is scaled to 8 bits, not clipped', async () => {
    const background = { r: 200, g: 100, b: 50 }
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background } })
      .toColourspace('rgb16').png().toBuffer()
    expect((await sharp(png).metadata()).depth).toBe('ushort')
    const { pixels } = await decodeImage(png, rgb(4, 'squash'), 1e8)
    expect(pixelAt(pixels, 4, 2, 2)).toEqual([200, 100, 50])
  })

  test('BMP (which sharp cannot read) goes through our decoder, then the same resize', async () => {
    const { pixels, width, height } = await decodeImage(solidBmp(10, 6, [30, 60, 90]), rgb(8, 'squash'), 1e8)
    expect({ width, height }).toEqual({ width: 10, height: 6 })
    expectRegion(pixels, 8, range(0, 7), range(0, 7), [30, 60, 90], 1)
  })

  test('a grey source in RGB mode is repeated on all three channels', async () => {
    const grey = await sharp(new Uint8Array(16).fill(77), { raw: { width: 4, height: 4, channels: 1 } })
      .toColourspace('b-w').png().toBuffer()
    const { pixels } = await decodeImage(grey, rgb(4, 'squash'), 1e8)
    expect(Array.from(pixels.subarray(0, 6))).toEqual([77, 77, 77, 77, 77, 77])
  })
})

describe('decodeImage refusals', () => {
  const reasonOf = async (bytes: Uint8Array) => {
    const error = await decodeImage(bytes, rgb(8, 'squash'), DEFAULT_MAX_INPUT_PIXELS).then(() => null, (e) => e)
    expect(error).not.toBeNull()
    return describeDecodeError(error, DEFAULT_MAX_INPUT_PIXELS)
  }

  test('a 30000×30000 PNG is refused by its header, before decoding and without memory growth', async () => {
    const bomb = bombPng(30000)
    expect(bomb.length).toBeLessThan(200_000)
    const before = process.memoryUsage().rss
    expect(await reasonOf(bomb)).toBe(
      'image is 30000×30000 (900 megapixels), more than the limit of 100 megapixels; skipped without decoding, ' +
        'to keep memory bounded',
    )
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024)
  })

  test('truncated, not an image, and empty files each get their own reason', async () => {
    expect(await reasonOf(await truncatedJpeg())).toMatch(/^the file is truncated or damaged \(.*premature end/i)
    expect(await reasonOf(new TextEncoder().encode('just text'))).toBe(
      'not an image sharp can read (unsupported or damaged file, whatever its extension says)',
    )
    expect(await reasonOf(new Uint8Array(0))).toBe('empty file (0 bytes)')
    const png = await bandedPng(40, 20, BANDS)
    expect(await reasonOf(png.subarray(0, png.length >> 1))).toMatch(/^the file is truncated or damaged/)
  })

  test('file system errors are worded for people', () => {
    const error = (code: string) => Object.assign(new Error(code), { code })
    expect(describeDecodeError(error('ENOENT'), 1e8)).toBe('file not found')
    expect(describeDecodeError(error('EACCES'), 1e8)).toBe('no permission to read the file')
    expect(describeDecodeError(error('ELOOP'), 1e8)).toMatch(/symbolic link loop/)
  })
})

// Reading size and channels from image headers, checked against sharp's own metadata for files sharp writes,
// a BMP written byte by byte, JPEGs with large metadata segments before the frame, and headers that make no
// sense; and telling the files that may carry an EXIF orientation from those that cannot.

import sharp from 'sharp'
import type { Sharp } from 'sharp'
import { describe, expect, test } from 'vitest'
import { readImageHeader } from '../../../../main/services/import/imageHeader'
import { solidBmp } from '../imageFixtures'

const create = (width: number, height: number, channels: 3 | 4) =>
  sharp({ create: { width, height, channels, background: { r: 10, g: 20, b: 30, alpha: 0.5 } } })

describe('readImageHeader', () => {
  test.each([
    ['png', () => create(37, 21, 3).png()],
    ['png with alpha', () => create(5, 300, 4).png()],
    ['grey png', () => create(9, 8, 3).toColourspace('b-w').png()],
    ['palette png', () => create(12, 7, 3).png({ palette: true })],
    ['jpeg', () => create(640, 480, 3).jpeg()],
    ['grey jpeg', () => create(33, 17, 3).toColourspace('b-w').jpeg()],
    ['progressive jpeg', () => create(100, 60, 3).jpeg({ progressive: true })],
    ['jpeg with EXIF and ICC', () => create(64, 48, 3).withMetadata({ orientation: 6 }).withIccProfile('p3')
      .jpeg()],
    ['gif', () => create(19, 23, 3).gif()],
    ['lossy webp', () => create(101, 51, 3).webp()],
    ['lossless webp', () => create(77, 33, 3).webp({ lossless: true })],
    ['webp with alpha', () => create(40, 20, 4).webp()],
  ])('%s: the same size and channels as sharp reports', async (_, make) => {
    const bytes = await make().toBuffer()
    const metadata = await sharp(bytes).metadata()
    const header = readImageHeader(bytes)
    expect(header).toMatchObject({ width: metadata.width, height: metadata.height })
    expect(header?.format).toBe(metadata.format === 'heif' ? 'avif' : metadata.format)
    if (metadata.format !== 'webp' && metadata.format !== 'gif' && !metadata.isPalette) {
      expect(header?.channels).toBe(metadata.channels)
    }
  })

  test('BMP: size from its header, three channels', () => {
    expect(readImageHeader(solidBmp(13, 7, [1, 2, 3])))
      .toEqual({ format: 'bmp', width: 13, height: 7, channels: 3, mayBeRotated: false })
  })

  test('mayBeRotated: set when a JPEG, PNG or WebP carries EXIF, so only those are auto-oriented', async () => {
    const tagged = (image: Sharp) => image.withMetadata({ orientation: 6 })
    for (const format of ['jpeg', 'png', 'webp'] as const) {
      const plain = await create(8, 8, 3).toFormat(format).toBuffer()
      const withExif = await tagged(create(8, 8, 3)).toFormat(format).toBuffer()
      expect([format, readImageHeader(plain)?.mayBeRotated, readImageHeader(withExif)?.mayBeRotated])
        .toEqual([format, false, true])
    }
    expect(readImageHeader(await create(8, 8, 3).gif().toBuffer())?.mayBeRotated).toBe(false)
  })

  test('other formats and nonsense give null, so sharp decides', async () => {
    const tiff = await create(8, 8, 3).tiff().toBuffer()
    expect(readImageHeader(tiff)).toBeNull()
    expect(readImageHeader(new TextEncoder().encode('not an image at all'))).toBeNull()
    expect(readImageHeader(new Uint8Array(0))).toBeNull()
    const png = await create(8, 8, 3).png().toBuffer()
    expect(readImageHeader(png.subarray(0, 20))).toBeNull()
    const jpeg = await create(8, 8, 3).jpeg().toBuffer()
    expect(readImageHeader(jpeg.subarray(0, 30))).toBeNull()
  })
})

import { describe, expect, it } from 'vitest'
import { decodeBmp, isBmp } from '../../../app/formats/bmp'

type Rgb = readonly [number, number, number]

/** Random-looking but fixed RGB pixels, row-major top to bottom. */
function makeImage(width: number, height: number): Rgb[] {
  return Array.from({ length: width * height }, (_, i) => [(i * 37) % 256, (i * 91 + 5) % 256, (i * 13 + 200) % 256])
}

/** Writes a BMP by hand from the spec: file header, BITMAPINFOHEADER, optional palette, padded rows. */
type WriteOptions = { bits: 8 | 24 | 32; topDown?: boolean; compression?: number }

function writeBmp(width: number, image: Rgb[], options: WriteOptions): Uint8Array {
  const height = image.length / width
  const palette = options.bits === 8 ? [...new Set(image.map((pixel) => pixel.join(',')))] : []
  const stride = Math.ceil((options.bits * width) / 32) * 4
  const pixelOffset = 14 + 40 + palette.length * 4
  const bytes = new Uint8Array(pixelOffset + stride * height)
  const view = new DataView(bytes.buffer)
  bytes[0] = 0x42
  bytes[1] = 0x4d
  view.setUint32(2, bytes.length, true)
  view.setUint32(10, pixelOffset, true)
  view.setUint32(14, 40, true)
  view.setInt32(18, width, true)
  view.setInt32(22, options.topDown ? -height : height, true)
  view.setUint16(26, 1, true)
  view.setUint16(28, options.bits, true)
  view.setUint32(30, options.compression ?? 0, true)
  view.setUint32(46, palette.length, true)
  palette.forEach((key, index) => {
    const [r, g, b] = key.split(',').map(Number)
    bytes.set([b!, g!, r!, 0], 54 + index * 4)
  })
  for (let y = 0; y < height; y++) {
    const row = pixelOffset + stride * (options.topDown ? y : height - 1 - y)
    for (let x = 0; x < width; x++) {
      const [r, g, b] = image[y * width + x]!
      if (options.bits === 8) {
        bytes[row + x] = palette.indexOf(`${r},${g},${b}`)
      } else {
        bytes.set(options.bits === 24 ? [b, g, r] : [b, g, r, 255], row + x * (options.bits / 8))
      }
    }
  }
  return bytes
}

describe('decodeBmp', () => {
  for (const bits of [24, 32, 8] as const) {
    for (const topDown of [false, true]) {
      it(`decodes ${bits}-bit ${topDown ? 'top-down' : 'bottom-up'} images with row padding`, () => {
        const image = bits === 8 ? makeImage(5, 3).map((pixel, i) => (i % 4 === 0 ? [1, 2, 3] as const : pixel))
          : makeImage(5, 3)
        const bytes = writeBmp(5, image, { bits, topDown })
        expect(isBmp(bytes)).toBe(true)
        const decoded = decodeBmp(bytes, 'image.bmp')
        expect(decoded.width).toBe(5)
        expect(decoded.height).toBe(3)
        expect(decoded.channels).toBe(3)
        expect([...decoded.pixels]).toEqual(image.flat())
      })
    }
  }

  it('refuses compressed, unsupported and broken files with the file name and reason', () => {
    const image = makeImage(4, 2)
    expect(() => decodeBmp(writeBmp(4, image, { bits: 24, compression: 1 }), 'rle.bmp')).toThrow(/rle\.bmp: .*RLE8/)
    const sixteen = writeBmp(4, image, { bits: 24 })
    new DataView(sixteen.buffer).setUint16(28, 16, true)
    expect(() => decodeBmp(sixteen, 'deep.bmp')).toThrow(/deep\.bmp: 16-bit/)
    const cut = writeBmp(4, image, { bits: 24 }).subarray(0, 70)
    expect(() => decodeBmp(cut, 'cut.bmp')).toThrow(/cut\.bmp: .*truncated/)
    expect(() => decodeBmp(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), 'png.bmp')).toThrow(/png\.bmp: not a BMP/)
    const core = writeBmp(4, image, { bits: 24 })
    new DataView(core.buffer).setUint32(14, 12, true)
    expect(() => decodeBmp(core, 'core.bmp')).toThrow(/core\.bmp: unsupported BMP header/)
  })
})

// The IDX codec: headers written byte by byte from the MNIST format description (not by encodeIdx), a round trip,
// and every refusal with its message.

import { describe, expect, test } from 'vitest'
import { decodeIdx, decodeIdxImages, decodeIdxLabels, encodeIdx } from '../../../app/formats/idx'

/** An IDX file assembled by hand: 0 0 dtype ndims, big-endian u32 sizes, then the data. */
function handMade(dtype: number, dims: number[], data: number[]): Uint8Array {
  const header = [0, 0, dtype, dims.length]
  for (const size of dims) {
    header.push((size >>> 24) & 255, (size >>> 16) & 255, (size >>> 8) & 255, size & 255)
  }
  return Uint8Array.from([...header, ...data])
}

describe('decodeIdx', () => {
  test('reads a hand-made 2×3×2 unsigned-byte array', () => {
    const data = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 255]
    const decoded = decodeIdx(handMade(0x08, [2, 3, 2], data), 'x')
    expect({ dims: decoded.dims, data: Array.from(decoded.data) }).toEqual({ dims: [2, 3, 2], data })
  })

  test('reads sizes above 255 big-endian (60000 = 0x0000ea60)', () => {
    const bytes = handMade(0x08, [60000], new Array(60000).fill(7))
    expect(Array.from(bytes.subarray(4, 8))).toEqual([0x00, 0x00, 0xea, 0x60])
    expect(decodeIdx(bytes, 'x').dims).toEqual([60000])
  })

  test('encodeIdx writes what decodeIdx reads, and the same bytes as the hand-made file', () => {
    const data = Uint8Array.from({ length: 3 * 4 * 5 }, (_, i) => (i * 37) % 256)
    const bytes = encodeIdx([3, 4, 5], data)
    expect(bytes).toEqual(handMade(0x08, [3, 4, 5], Array.from(data)))
    expect(decodeIdx(bytes, 'x')).toEqual({ dims: [3, 4, 5], data })
  })

  test('works on a view into a larger buffer (as node:fs returns)', () => {
    const file = handMade(0x08, [2], [40, 41])
    const big = new Uint8Array(file.length + 10)
    big.set(file, 7)
    expect(Array.from(decodeIdx(big.subarray(7, 7 + file.length), 'x').data)).toEqual([40, 41])
  })

  test.each([
    {
      label: 'empty file',
      bytes: new Uint8Array(0),
      message: 'f: not an IDX file: 0 bytes, shorter than the 4-byte magic',
    },
    {
      label: 'wrong magic',
      bytes: Uint8Array.of(0x50, 0x4b, 3, 4, 0, 0, 0, 0),
      message: 'f: not an IDX file: it starts with 0x50 0x4b, expected 0x00 0x00',
    },
    {
      label: 'still gzipped',
      bytes: Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0),
      message:
        'f: not an IDX file: it starts with 0x1f 0x8b, expected 0x00 0x00 (this is gzip data; decompress it first)',
    },
    {
      label: 'float32 data',
      bytes: handMade(0x0d, [1], [0, 0, 0, 0]),
      message: 'f: unsupported IDX element type 0x0d (float32), expected 0x08 (unsigned byte)',
    },
    {
      label: 'unknown data type',
      bytes: handMade(0x07, [1], [0]),
      message: 'f: unsupported IDX element type 0x07 (not an IDX type), expected 0x08 (unsigned byte)',
    },
    {
      label: 'no dimensions',
      bytes: Uint8Array.of(0, 0, 8, 0),
      message: 'f: IDX header declares 0 dimensions',
    },
    {
      label: 'truncated header',
      bytes: handMade(0x08, [2, 3, 4], []).subarray(0, 10),
      message: 'f: truncated IDX header: 3 dimensions need 16 bytes, the file has 10',
    },
    {
      label: 'truncated data',
      bytes: handMade(0x08, [2, 3], [1, 2, 3, 4, 5]),
      message: 'f: truncated data: the header says 2×3 = 6 bytes, the file holds 5',
    },
    {
      label: 'extra bytes',
      bytes: handMade(0x08, [2], [1, 2, 3]),
      message: 'f: 1 bytes after the data: the header says 2 = 2 bytes, the file holds 3',
    },
  ])('refuses: $label', ({ bytes, message }) => {
    expect(() => decodeIdx(bytes, 'f')).toThrow(message)
  })
})

describe('images and labels', () => {
  test('images are count × rows × columns', () => {
    const pixels = Array.from({ length: 2 * 3 * 4 }, (_, i) => i)
    const images = decodeIdxImages(handMade(0x08, [2, 3, 4], pixels), 'i')
    expect({ ...images, pixels: Array.from(images.pixels) }).toEqual({
      count: 2,
      height: 3,
      width: 4,
      pixels,
    })
  })

  test('labels are one byte per image', () => {
    expect(Array.from(decodeIdxLabels(handMade(0x08, [3], [9, 0, 4]), 'l'))).toEqual([9, 0, 4])
  })

  test('a label file given as images, and an image file given as labels, are refused by their dimensions', () => {
    expect(() => decodeIdxImages(handMade(0x08, [3], [1, 2, 3]), 'train-labels')).toThrow(
      'train-labels: an image file has 3 dimensions (count×rows×columns), this one has 1 (3)',
    )
    expect(() => decodeIdxLabels(handMade(0x08, [1, 2, 2], [1, 2, 3, 4]), 'train-images')).toThrow(
      'train-images: a label file has 1 dimension (count), this one has 3 (1×2×2)',
    )
  })

  test('images of zero rows are refused', () => {
    expect(() => decodeIdxImages(handMade(0x08, [2, 0, 5], []), 'i')).toThrow('i: images of 0×5 pixels')
  })
})

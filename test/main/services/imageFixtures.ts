// Image files for the importer's tests, made here rather than checked in: solid and banded images through sharp,
// a BMP written byte by byte (sharp cannot write BMP), a decompression bomb (a small valid PNG whose header says
// 30000×30000), a truncated JPEG, and noise images whose bytes differ from file to file.

import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { deflateSync } from 'node:zlib'
import sharp from 'sharp'
import { crc32 } from '../../../app/formats/crc32'

export type Rgb = readonly [number, number, number]

export async function solidImage(
  width: number,
  height: number,
  [r, g, b]: Rgb,
  format: 'png' | 'jpeg' | 'webp' | 'gif' | 'tiff' = 'png',
): Promise<Buffer> {
  const image = sharp({ create: { width, height, channels: 3, background: { r, g, b } } })
  return image.toFormat(format, format === 'jpeg' ? { quality: 100 } : {}).toBuffer()
}

/** Raw RGB pixels, width × height, whose column x has colour bands[x * bands.length / width]. */
export function bandedPixels(width: number, height: number, bands: readonly Rgb[]): Uint8Array {
  const pixels = new Uint8Array(width * height * 3)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      pixels.set(bands[Math.floor((x * bands.length) / width)], (y * width + x) * 3)
    }
  }
  return pixels
}

export async function bandedPng(width: number, height: number, bands: readonly Rgb[]): Promise<Buffer> {
  return sharp(bandedPixels(width, height, bands), { raw: { width, height, channels: 3 } }).png().toBuffer()
}

/** A grey PNG (colour type 0) of noise seeded by `seed`, so every file has different bytes. */
export async function greyNoisePng(side: number, seed: number): Promise<Buffer> {
  const pixels = new Uint8Array(side * side)
  let state = seed * 2654435761 + 1
  for (let i = 0; i < pixels.length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0
    pixels[i] = state >>> 24
  }
  return sharp(pixels, { raw: { width: side, height: side, channels: 1 } }).toColourspace('b-w').png().toBuffer()
}

/** An RGB PNG of noise seeded by `seed`. */
export async function colourNoisePng(width: number, height: number, seed: number): Promise<Buffer> {
  const pixels = new Uint8Array(width * height * 3)
  let state = seed * 2654435761 + 7
  for (let i = 0; i < pixels.length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0
    pixels[i] = state >>> 24
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer()
}

/** A bottom-up 24-bit BMP of one colour. */
export function solidBmp(width: number, height: number, [r, g, b]: Rgb): Uint8Array {
  const rowBytes = Math.ceil((width * 3) / 4) * 4
  const bytes = new Uint8Array(54 + rowBytes * height)
  const view = new DataView(bytes.buffer)
  bytes.set([0x42, 0x4d])
  view.setUint32(2, bytes.length, true)
  view.setUint32(10, 54, true)
  view.setUint32(14, 40, true)
  view.setInt32(18, width, true)
  view.setInt32(22, height, true)
  view.setUint16(26, 1, true)
  view.setUint16(28, 24, true)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      bytes.set([b, g, r], 54 + y * rowBytes + x * 3)
    }
  }
  return bytes
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const chunk = new Uint8Array(12 + data.length)
  const view = new DataView(chunk.buffer)
  view.setUint32(0, data.length)
  chunk.set(Array.from(type, (char) => char.charCodeAt(0)), 4)
  chunk.set(data, 8)
  view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)))
  return chunk
}

/**
 * A valid 1-bit grey PNG of side × side black pixels: tiny on disk (zlib squeezes the zero rows), but a decoder
 * that trusted it would allocate side² bytes or more. 30000 gives 900 megapixels in about 110 KB.
 */
export function bombPng(side: number): Uint8Array {
  const header = new Uint8Array(13)
  const view = new DataView(header.buffer)
  view.setUint32(0, side)
  view.setUint32(4, side)
  header.set([1, 0, 0, 0, 0], 8) // bit depth 1, grey, deflate, adaptive filtering, no interlace
  const rowBytes = 1 + Math.ceil(side / 8) // filter byte + packed bits
  const rows = new Uint8Array(rowBytes * side) // all zero: filter none, black
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(rows, { level: 9 })),
    pngChunk('IEND', new Uint8Array(0)),
  ]
  return Buffer.concat(parts)
}

/** The first half of a JPEG of noise: the header is intact, the image data stops early. */
export async function truncatedJpeg(): Promise<Buffer> {
  const noise = new Uint8Array(64 * 64 * 3).map((_, i) => (i * 7919) % 251)
  const jpeg = await sharp(noise, { raw: { width: 64, height: 64, channels: 3 } }).jpeg({ quality: 90 }).toBuffer()
  return jpeg.subarray(0, jpeg.length >> 1)
}

/** Writes each relative path's bytes under root, making folders as needed. */
export async function writeTree(
  root: string,
  files: Readonly<Record<string, Uint8Array | string>>,
): Promise<void> {
  for (const [path, bytes] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true })
    await writeFile(join(root, path), bytes)
  }
}

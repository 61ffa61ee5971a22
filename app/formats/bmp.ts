// A small decoder for Windows BMP files, which sharp 0.35 does not read ("unsupported image format"). It handles
// the common uncompressed kinds: 24-bit, 32-bit (the fourth byte ignored) and 8-bit paletted, bottom-up or
// top-down, with a BITMAPINFOHEADER or a later header that extends it. Compressed (RLE, bitfields, embedded
// JPEG/PNG) and other bit depths are refused with their name rather than guessed at.
//
//   'BM' | file size u32 | reserved u32 | pixel offset u32 | header size u32 | width i32 | height i32 (< 0 top-down)
//   | planes u16 | bits u16 | compression u32 | ... | colours used u32 @46 | palette (B G R x) | rows padded to 4 bytes

import { ValidationError } from '../protocol/errors'

export type BmpImage = Readonly<{ width: number; height: number; channels: 3; pixels: Uint8Array }>

const COMPRESSION_NAMES: Readonly<Record<number, string>> = {
  1: 'RLE8', 2: 'RLE4', 3: 'BITFIELDS', 4: 'embedded JPEG', 5: 'embedded PNG', 6: 'ALPHABITFIELDS',
}

const FILE_HEADER_BYTES = 14
const INFO_HEADER_BYTES = 40

/** True when the bytes start with the BMP signature 'BM'. */
export function isBmp(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x42 && bytes[1] === 0x4d
}

/** Decodes a BMP to RGB HWC bytes; `name` (a file name) starts every error message. */
export function decodeBmp(bytes: Uint8Array, name: string): BmpImage {
  const fail = (reason: string): never => {
    throw new ValidationError(`${name}: ${reason}`)
  }
  if (!isBmp(bytes)) {
    fail('not a BMP file (expected it to start with "BM")')
  }
  if (bytes.length < FILE_HEADER_BYTES + INFO_HEADER_BYTES) {
    fail(`BMP is truncated: ${bytes.length} bytes, expected at least ${FILE_HEADER_BYTES + INFO_HEADER_BYTES}`)
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const pixelOffset = view.getUint32(10, true)
  const headerSize = view.getUint32(14, true)
  if (headerSize < INFO_HEADER_BYTES) {
    fail(`unsupported BMP header of ${headerSize} bytes (only BITMAPINFOHEADER, 40 bytes, and its successors)`)
  }
  const width = view.getInt32(18, true)
  const signedHeight = view.getInt32(22, true)
  const bits = view.getUint16(28, true)
  const compression = view.getUint32(30, true)
  const coloursUsed = view.getUint32(46, true)
  if (compression !== 0) {
    fail(`compressed BMP (${COMPRESSION_NAMES[compression] ?? `compression ${compression}`}) is not supported; `
      + 'save it as an uncompressed BMP or as PNG')
  }
  if (bits !== 8 && bits !== 24 && bits !== 32) {
    fail(`${bits}-bit BMP is not supported (expected 8, 24 or 32 bits per pixel); save it as PNG`)
  }
  const height = Math.abs(signedHeight)
  if (width <= 0 || height === 0) {
    fail(`BMP has invalid size ${width}×${signedHeight}`)
  }
  const stride = Math.ceil((bits * width) / 32) * 4
  if (pixelOffset + stride * height > bytes.length) {
    fail(`BMP is truncated: ${width}×${height} at ${bits} bits needs ${pixelOffset + stride * height} bytes, `
      + `got ${bytes.length}`)
  }
  let palette: Uint8Array = new Uint8Array(0)
  if (bits === 8) {
    const count = coloursUsed === 0 ? 256 : coloursUsed
    const paletteStart = FILE_HEADER_BYTES + headerSize
    if (count > 256 || paletteStart + count * 4 > pixelOffset) {
      fail(`BMP palette of ${count} colours does not fit before the pixel data at byte ${pixelOffset}`)
    }
    palette = bytes.subarray(paletteStart, paletteStart + count * 4)
  }
  const pixels = new Uint8Array(width * height * 3)
  const bytesPerPixel = bits / 8
  for (let y = 0; y < height; y++) {
    // Rows are stored bottom-up unless the height is negative.
    const row = pixelOffset + stride * (signedHeight > 0 ? height - 1 - y : y)
    for (let x = 0; x < width; x++) {
      const out = (y * width + x) * 3
      let source = row + x * bytesPerPixel
      let table: Uint8Array = bytes
      if (bits === 8) {
        source = bytes[source]! * 4
        table = palette
        if (source >= palette.length) {
          fail(`BMP pixel at (${x}, ${y}) uses colour ${source / 4}, beyond the ${palette.length / 4}-colour palette`)
        }
      }
      pixels[out] = table[source + 2]!
      pixels[out + 1] = table[source + 1]!
      pixels[out + 2] = table[source]!
    }
  }
  return { width, height, channels: 3, pixels }
}

// Reads an image's format, size, channel count and whether it may carry an EXIF orientation from its first
// bytes for the common formats (PNG, JPEG, GIF, BMP, WebP), so the importer can refuse a decompression bomb and
// choose its decode steps without asking sharp for metadata first (which costs about a third of decoding a
// 28×28 PNG, as auto-orienting one does). Returns null for anything else or for a header it cannot make sense
// of; sharp then reads (or rejects) the file. Not a decoder.

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'bmp' | 'webp'

/** Size as stored (before EXIF rotation); channels as decoded: 1 grey, 2 grey + alpha, 3 colour, 4 + alpha. */
export type ImageHeader = Readonly<{
  format: ImageFormat
  width: number
  height: number
  channels: number
  /** Whether the file may hold an EXIF orientation (JPEG or WebP with EXIF, PNG with an eXIf chunk). */
  mayBeRotated: boolean
}>

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
/** PNG colour type -> channels (palette images decode to colour). */
const PNG_CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 3, 4: 2, 6: 4 }

function startsWith(bytes: Uint8Array, prefix: readonly number[], offset = 0): boolean {
  return bytes.length >= offset + prefix.length && prefix.every((byte, i) => bytes[offset + i] === byte)
}

function ascii(text: string): number[] {
  return Array.from(text, (char) => char.charCodeAt(0))
}

function sized(
  format: ImageFormat,
  width: number,
  height: number,
  channels: number,
  mayBeRotated = false,
): ImageHeader | null {
  return width > 0 && height > 0 ? { format, width, height, channels, mayBeRotated } : null
}

/** Whether an eXIf chunk comes before the image data (chunks: length u32, type, data, CRC). */
function pngHasExif(bytes: Uint8Array, view: DataView): boolean {
  for (let position = 8; position + 8 <= bytes.length; position += 12 + view.getUint32(position)) {
    const type = String.fromCharCode(...bytes.subarray(position + 4, position + 8))
    if (type === 'eXIf') {
      return true
    }
    if (type === 'IDAT' || type === 'IEND') {
      return false
    }
  }
  return false
}

function pngHeader(bytes: Uint8Array, view: DataView): ImageHeader | null {
  if (bytes.length < 26 || !startsWith(bytes, ascii('IHDR'), 12)) {
    return null
  }
  const channels = PNG_CHANNELS[bytes[25]]
  if (channels === undefined) {
    return null
  }
  return sized('png', view.getUint32(16), view.getUint32(20), channels, pngHasExif(bytes, view))
}

/** Walks the JPEG markers to the first start-of-frame, which holds the size and the component count. */
function jpegHeader(bytes: Uint8Array, view: DataView): ImageHeader | null {
  let hasExif = false
  let position = 2
  while (position + 4 <= bytes.length) {
    if (bytes[position] !== 0xff) {
      return null
    }
    const marker = bytes[position + 1]
    if (marker === 0xff) {
      position++ // fill byte
      continue
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      position += 2 // markers without a length
      continue
    }
    if (marker === 0xd9 || marker === 0xda) {
      return null // end of image or start of scan before any frame header
    }
    // SOF0–SOF15 except DHT (c4), JPG (c8) and DAC (cc), which share the range.
    const isStartOfFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)
    if (isStartOfFrame) {
      if (position + 10 > bytes.length) {
        return null
      }
      const channels = bytes[position + 9]
      return sized('jpeg', view.getUint16(position + 7), view.getUint16(position + 5), channels, hasExif)
    }
    hasExif ||= marker === 0xe1 && startsWith(bytes, ascii('Exif'), position + 4) // APP1 "Exif\0\0"
    position += 2 + view.getUint16(position + 2)
  }
  return null
}

function webpHeader(bytes: Uint8Array, view: DataView): ImageHeader | null {
  if (bytes.length < 30) {
    return null
  }
  if (startsWith(bytes, ascii('VP8X'), 12)) {
    const width = 1 + (bytes[24] | (bytes[25] << 8) | (bytes[26] << 16))
    const height = 1 + (bytes[27] | (bytes[28] << 8) | (bytes[29] << 16))
    const hasExif = (bytes[20] & 0x08) !== 0 // VP8X flags: EXIF metadata present
    return sized('webp', width, height, 3, hasExif)
  }
  if (startsWith(bytes, ascii('VP8L'), 12) && bytes[20] === 0x2f) {
    const bits = view.getUint32(21, true)
    return sized('webp', (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1, 3)
  }
  if (startsWith(bytes, ascii('VP8 '), 12) && startsWith(bytes, [0x9d, 0x01, 0x2a], 23)) {
    return sized('webp', view.getUint16(26, true) & 0x3fff, view.getUint16(28, true) & 0x3fff, 3)
  }
  return null
}

/** The header of a PNG, JPEG, GIF, BMP or WebP file, or null (another format, or a header making no sense). */
export function readImageHeader(bytes: Uint8Array): ImageHeader | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (startsWith(bytes, PNG_SIGNATURE)) {
    return pngHeader(bytes, view)
  }
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) {
    return jpegHeader(bytes, view)
  }
  if ((startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) && bytes.length >= 10) {
    return sized('gif', view.getUint16(6, true), view.getUint16(8, true), 3)
  }
  if (startsWith(bytes, ascii('BM')) && bytes.length >= 26) {
    return sized('bmp', view.getInt32(18, true), Math.abs(view.getInt32(22, true)), 3)
  }
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) {
    return webpHeader(bytes, view)
  }
  return null
}

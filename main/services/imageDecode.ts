// Decoding one image to a dataset's preprocessing with sharp: size × size (squash, centre-crop or letterbox),
// EXIF orientation applied, transparency flattened onto white, grey or RGB uint8 HWC; BMP through our own
// decoder (sharp does not read it). Refuses an image by its pixel count before decoding it. Errors are turned
// into reasons a person can act on. Not a file reader and not a scheduler (main/services/import does both).

import sharp from 'sharp'
import type { ResizeOptions } from 'sharp'
import { channelsOf } from '../../app/data/importSettings'
import type { Preprocessing, ResizeMode } from '../../app/data/importSettings'
import { decodeBmp } from '../../app/formats/bmp'
import { ValidationError } from '../../app/protocol/errors'
import { readImageHeader } from './import/imageHeader'
import type { ImageHeader } from './import/imageHeader'
import { toColorMode } from './import/pixelColor'

/** Larger images are refused before decoding: protects memory from a huge scan or a decompression bomb. */
export const DEFAULT_MAX_INPUT_PIXELS = 100_000_000

/** The preprocessed pixels (size × size × 1 or 3) and the source image's size before resizing. */
export type DecodedImage = Readonly<{ pixels: Uint8Array; width: number; height: number }>

/** A reason found before or after sharp was asked, already worded for people. */
class SkipReason extends Error {}

function describePixels(pixels: number): string {
  return pixels >= 1e6 ? `${Math.round(pixels / 1e5) / 10} megapixels` : `${pixels} pixels`
}

/** sharp's resize options for each resize mode; letterbox pads with opaque black. */
export function resizeOptions(mode: ResizeMode): ResizeOptions {
  switch (mode) {
    case 'squash':
      return { fit: 'fill' }
    case 'centerCrop':
      return { fit: 'cover', position: 'centre' }
    case 'letterbox':
      return { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 1 } }
  }
}

/** Any format sharp reads, beside the ones readImageHeader knows. */
export type ProbedImage = Omit<ImageHeader, 'format'> & { format: string }

/** Format, size and channels from the header (common formats) or from sharp's metadata (the rest). */
export async function probeImage(bytes: Uint8Array): Promise<ProbedImage> {
  if (bytes.length === 0) {
    throw new SkipReason('empty file (0 bytes)')
  }
  const header = readImageHeader(bytes)
  if (header !== null) {
    return header
  }
  const metadata = await sharp(bytes).metadata()
  const { format, width, pageHeight, height, channels, orientation } = metadata
  return { format, width, height: pageHeight ?? height, channels, mayBeRotated: (orientation ?? 1) > 1 }
}

/** Resizes pixels already in memory (BMP, IDX, CIFAR records) to the preprocessing; sharp only when needed. */
export async function preprocessPixels(
  pixels: Uint8Array,
  width: number,
  height: number,
  channels: 1 | 2 | 3 | 4,
  preprocessing: Preprocessing,
): Promise<Uint8Array> {
  const { size, colorMode, resizeMode } = preprocessing
  if (width === size && height === size) {
    return toColorMode(pixels, channels, colorMode)
  }
  const { data, info } = await sharp(pixels, { raw: { width, height, channels } })
    .resize(size, size, resizeOptions(resizeMode))
    .raw()
    .toBuffer({ resolveWithObject: true })
  return toColorMode(data, info.channels, colorMode)
}

/**
 * Decodes one image file's bytes to the preprocessing, or throws (describeDecodeError words the reason). One
 * sharp pipeline: no resize step when the image already has the size, and colour handled in JS afterwards,
 * because each extra libvips operation costs as much as decoding a small image.
 */
export async function decodeImage(
  bytes: Uint8Array,
  preprocessing: Preprocessing,
  maxInputPixels: number,
): Promise<DecodedImage> {
  const { size, colorMode, resizeMode } = preprocessing
  const { format, width, height, channels, mayBeRotated } = await probeImage(bytes)
  if (width * height > maxInputPixels) {
    throw new SkipReason(
      `image is ${width}×${height} (${describePixels(width * height)}), more than the limit of ` +
        `${describePixels(maxInputPixels)}; skipped without decoding, to keep memory bounded`,
    )
  }
  if (format === 'bmp') {
    const image = decodeBmp(bytes, 'BMP file')
    const pixels = await preprocessPixels(image.pixels, image.width, image.height, 3, preprocessing)
    return { pixels, width, height }
  }
  // Auto-orienting costs about a tenth of decoding a small image, so only files that may need it pay for it.
  let pipeline = sharp(bytes, { limitInputPixels: maxInputPixels, autoOrient: mayBeRotated })
  if (width !== size || height !== size) {
    pipeline = pipeline.resize(size, size, resizeOptions(resizeMode))
  }
  if (colorMode === 'grayscale' && channels === 1) {
    // sharp hands a grey file over as RGB unless told otherwise; keeping it one channel is ~1.3× faster on small
    // images than converting in JS, and gives the same values (the luma of (v, v, v) is v).
    pipeline = pipeline.toColourspace('b-w')
  }
  const { data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true })
  if (info.width !== size || info.height !== size) {
    throw new SkipReason(`decoded to ${info.width}×${info.height}, expected ${size}×${size}`)
  }
  const pixels = toColorMode(data, info.channels, colorMode)
  if (pixels.length !== size * size * channelsOf(colorMode)) {
    throw new SkipReason(`decoded to ${info.channels} channels, which cannot be turned into ${colorMode}`)
  }
  return { pixels, width, height }
}

/** How libjpeg, libpng, libwebp and friends say that the data stopped early. */
const TRUNCATED = /premature end|truncated|unexpected end|end of (input|stream|file)|not enough data|read error/i

/** Turns a decode failure (or a missing or unreadable file) into a reason a person can act on. */
export function describeDecodeError(error: unknown, maxInputPixels: number): string {
  const message = error instanceof Error ? error.message : String(error)
  const code = (error as { code?: unknown } | null)?.code
  if (error instanceof SkipReason || error instanceof ValidationError) {
    return message
  }
  switch (code) {
    case 'ENOENT':
      return 'file not found'
    case 'EACCES':
    case 'EPERM':
      return 'no permission to read the file'
    case 'ELOOP':
      return 'symbolic link loop (the link leads back to itself)'
    case 'EISDIR':
      return 'a folder, not an image file'
  }
  if (/pixel limit/i.test(message)) {
    return `image is larger than the limit of ${describePixels(maxInputPixels)}; skipped to keep memory bounded`
  }
  if (/unsupported image format/i.test(message)) {
    return 'not an image sharp can read (unsupported or damaged file, whatever its extension says)'
  }
  if (TRUNCATED.test(message)) {
    return `the file is truncated or damaged (${message.split('\n')[0]})`
  }
  if (/treated as error due to failOn/i.test(message)) {
    return 'the file is truncated or damaged (its decoder stopped with a warning)'
  }
  return `could not be decoded: ${message.split('\n')[0]}`
}

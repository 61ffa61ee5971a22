// Decoding one image file with sharp to size×size×channels uint8 HWC, with reasons worded for people when it
// fails, and a bounded-parallel loop to run many decodes. Shared by the importers (image folders, CSV).
// Not a scanner.

import { open, readFile, stat } from 'node:fs/promises'
import sharp from 'sharp'
import type { Sharp } from 'sharp'
import { decodeBmp, isBmp } from '../../app/formats/bmp'

export type DecodeOptions = Readonly<{ size: number; channels: 1 | 3; maxInputPixels: number }>

/** Larger images are refused before decoding: protects memory from a huge scan or a decompression bomb. */
export const DEFAULT_MAX_INPUT_PIXELS = 100_000_000

/** A reason found before sharp was asked, already worded for people. */
class SkipReason extends Error {}

/** Decodes one image to size×size×channels uint8 HWC (squashed, transparency on white), or throws. */
export async function decodeImageFile(path: string, options: DecodeOptions): Promise<Buffer> {
  const { size, channels, maxInputPixels } = options
  if ((await stat(path)).size === 0) {
    throw new SkipReason('empty file (0 bytes)')
  }
  const source = (await startsLikeBmp(path))
    ? await bmpPipeline(path, maxInputPixels)
    : sharp(path, { limitInputPixels: maxInputPixels, autoOrient: true })
  let pipeline = source
    .flatten({ background: '#ffffff' })
    .resize(size, size, { fit: 'fill' })
  pipeline = channels === 1 ? pipeline.grayscale() : pipeline.toColourspace('srgb')
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true })
  if (info.channels !== channels || data.length !== size * size * channels) {
    const got = `${info.width}×${info.height}×${info.channels}`
    throw new SkipReason(`decoded to ${got}, expected ${size}×${size}×${channels}`)
  }
  return data
}

async function startsLikeBmp(path: string): Promise<boolean> {
  const handle = await open(path, 'r')
  try {
    const head = new Uint8Array(2)
    await handle.read(head, 0, 2, 0)
    return isBmp(head)
  } finally {
    await handle.close()
  }
}

/** sharp (libvips) does not read BMP: our decoder does, then sharp resizes the raw pixels. */
async function bmpPipeline(path: string, maxInputPixels: number): Promise<Sharp> {
  const bytes = new Uint8Array(await readFile(path))
  const image = decodeBmp(bytes, path)
  if (image.width * image.height > maxInputPixels) {
    throw new Error('Input image exceeds pixel limit')
  }
  return sharp(image.pixels, { raw: { width: image.width, height: image.height, channels: image.channels } })
}

/** Turns a decodeImageFile failure (or a missing or unreadable file) into a reason a person can act on. */
export function describeDecodeError(error: unknown, maxInputPixels: number): string {
  const message = error instanceof Error ? error.message : String(error)
  const code = (error as { code?: unknown } | null)?.code
  if (error instanceof SkipReason) {
    return message
  }
  if (code === 'ENOENT') {
    return 'file not found'
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return 'no permission to read the file'
  }
  if (/pixel limit/i.test(message)) {
    const limit = maxInputPixels >= 1e6 ? `${maxInputPixels / 1e6} megapixels` : `${maxInputPixels} pixels`
    return `image is larger than the limit of ${limit}; skipped to keep memory bounded`
  }
  if (/unsupported image format/i.test(message)) {
    return 'not an image sharp can read (unsupported or damaged file, whatever its extension says)'
  }
  return `could not be decoded: ${message}`
}

/** Runs task(0..count-1) with at most `limit` running at once; stops starting new ones once one throws. */
export async function forEachLimited(
  count: number,
  limit: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0
  const lane = async () => {
    while (next < count) {
      await task(next++)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, count) }, lane))
}

// A 64-bit difference hash (dHash) of a uint8 HWC image: grayscale, area-average down to 9×8, and set one bit per
// horizontal neighbour pair whose left cell is brighter. Near-identical images (rescaled, slightly brightened)
// land a few bits apart. Pure: decoding and finding duplicates across a dataset live elsewhere (doctor.ts).

import { assert } from '../engine/assert'

/** 64 bits as two uint32 words: bit i (row-major over the 8×8 comparisons) is in low for i < 32, else high. */
export type PerceptualHash = Readonly<{ high: number; low: number }>

const HASH_COLUMNS = 9
const HASH_ROWS = 8

/** Overlap length of the source cell [index, index + 1) with the interval [start, end). */
function overlap(index: number, start: number, end: number): number {
  return Math.max(0, Math.min(index + 1, end) - Math.max(index, start))
}

/** Area-averages `source` (rows × columns) to rows × outColumns; fractional source cells weigh by overlap. */
function shrinkColumns(source: Float64Array, rows: number, columns: number, outColumns: number): Float64Array {
  const out = new Float64Array(rows * outColumns)
  const scale = columns / outColumns
  for (let outX = 0; outX < outColumns; outX++) {
    const start = outX * scale
    const end = start + scale
    const first = Math.floor(start)
    const last = Math.min(columns - 1, Math.ceil(end) - 1)
    for (let y = 0; y < rows; y++) {
      let sum = 0
      for (let x = first; x <= last; x++) {
        sum += source[y * columns + x]! * overlap(x, start, end)
      }
      out[y * outColumns + outX] = sum / scale
    }
  }
  return out
}

function transpose(source: Float64Array, rows: number, columns: number): Float64Array {
  const out = new Float64Array(rows * columns)
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      out[x * rows + y] = source[y * columns + x]!
    }
  }
  return out
}

/** Luma for three or more channels (alpha ignored); the first channel for one or two (gray, gray + alpha). */
function grayscale(pixels: Uint8Array, count: number, channels: number): Float64Array {
  const gray = new Float64Array(count)
  for (let i = 0; i < count; i++) {
    const base = i * channels
    gray[i] = channels >= 3
      ? 0.299 * pixels[base]! + 0.587 * pixels[base + 1]! + 0.114 * pixels[base + 2]!
      : pixels[base]!
  }
  return gray
}

/** dHash of an image of height × width × channels bytes (HWC). */
export function differenceHash(pixels: Uint8Array, width: number, height: number, channels: number): PerceptualHash {
  assert(
    Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0
      && Number.isInteger(channels) && channels > 0 && pixels.length === width * height * channels,
    () => `differenceHash: expected ${height}×${width}×${channels} = ${width * height * channels} bytes `
      + `with positive integer sizes, got ${pixels.length} bytes`,
  )
  const gray = grayscale(pixels, width * height, channels)
  const narrow = shrinkColumns(gray, height, width, HASH_COLUMNS)
  const small = transpose(shrinkColumns(transpose(narrow, height, HASH_COLUMNS), HASH_COLUMNS, height, HASH_ROWS),
    HASH_COLUMNS, HASH_ROWS)
  let low = 0
  let high = 0
  for (let y = 0; y < HASH_ROWS; y++) {
    for (let x = 0; x < HASH_COLUMNS - 1; x++) {
      const bit = y * (HASH_COLUMNS - 1) + x
      // A small tolerance keeps flat regions (equal up to rounding) from flipping bits between copies.
      if (small[y * HASH_COLUMNS + x]! > small[y * HASH_COLUMNS + x + 1]! + 1e-9) {
        if (bit < 32) {
          low |= 1 << bit
        } else {
          high |= 1 << (bit - 32)
        }
      }
    }
  }
  return { high: high >>> 0, low: low >>> 0 }
}

function popCount(word: number): number {
  let value = word >>> 0
  value = value - ((value >>> 1) & 0x55555555)
  value = (value & 0x33333333) + ((value >>> 2) & 0x33333333)
  return (Math.imul((value + (value >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24)
}

/** Number of differing bits (0–64). */
export function hammingDistance(a: PerceptualHash, b: PerceptualHash): number {
  return popCount(a.high ^ b.high) + popCount(a.low ^ b.low)
}

/** Bit `index` (0–63) of the hash. */
export function hashBit(hash: PerceptualHash, index: number): number {
  return index < 32 ? (hash.low >>> index) & 1 : (hash.high >>> (index - 32)) & 1
}

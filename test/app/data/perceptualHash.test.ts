import { describe, expect, it } from 'vitest'
import { differenceHash, hammingDistance, hashBit } from '../../../app/data/perceptualHash'

type Pattern = (u: number, v: number) => number

/** Renders a pattern over normalised coordinates into an RGB image of the given size. */
function render(pattern: Pattern, width: number, height: number, channels = 3, offset = 0): Uint8Array {
  const pixels = new Uint8Array(width * height * channels)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const value = Math.max(0, Math.min(255, Math.round(pattern((x + 0.5) / width, (y + 0.5) / height) + offset)))
      for (let c = 0; c < channels; c++) {
        pixels[(y * width + x) * channels + c] = value
      }
    }
  }
  return pixels
}

const waves: Pattern = (u, v) => 128 + 90 * Math.sin(u * 11) * Math.cos(v * 7) + 30 * Math.sin((u + v) * 5)
const rings: Pattern = (u, v) => 128 + 120 * Math.cos(Math.hypot(u - 0.3, v - 0.6) * 23)
const stripes: Pattern = (u, v) => 128 + 120 * Math.sign(Math.sin(v * 37 + u * 3))

describe('differenceHash', () => {
  it('gives distance 0 for identical images and counts bits correctly', () => {
    const a = differenceHash(render(waves, 64, 48), 64, 48, 3)
    expect(hammingDistance(a, differenceHash(render(waves, 64, 48), 64, 48, 3))).toBe(0)
    let bits = 0
    for (let i = 0; i < 64; i++) {
      bits += hashBit(a, i)
    }
    expect(hammingDistance(a, { high: 0, low: 0 })).toBe(bits)
    expect(hammingDistance({ high: 0xffffffff, low: 0xffffffff }, { high: 0, low: 0 })).toBe(64)
  })

  it('sets each bit when the left of two neighbouring cells is brighter', () => {
    // 9×8 image: every cell is its own area, so the hash is exactly the neighbour comparisons.
    const pixels = new Uint8Array(9 * 8)
    for (let i = 0; i < pixels.length; i++) {
      pixels[i] = (i * 97) % 251
    }
    const hash = differenceHash(pixels, 9, 8, 1)
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 8; x++) {
        expect(hashBit(hash, y * 8 + x)).toBe(pixels[y * 9 + x]! > pixels[y * 9 + x + 1]! ? 1 : 0)
      }
    }
  })

  it('keeps brightened, rescaled and differently channelled copies close', () => {
    const base = differenceHash(render(waves, 90, 80), 90, 80, 3)
    expect(hammingDistance(base, differenceHash(render(waves, 90, 80, 3, 12), 90, 80, 3))).toBeLessThanOrEqual(5)
    expect(hammingDistance(base, differenceHash(render(waves, 45, 40), 45, 40, 3))).toBeLessThanOrEqual(5)
    expect(hammingDistance(base, differenceHash(render(waves, 200, 170), 200, 170, 3))).toBeLessThanOrEqual(5)
    expect(hammingDistance(base, differenceHash(render(waves, 90, 80, 1), 90, 80, 1))).toBeLessThanOrEqual(5)
    expect(hammingDistance(base, differenceHash(render(waves, 90, 80, 4), 90, 80, 4))).toBeLessThanOrEqual(5)
  })

  it('puts unrelated images far apart', () => {
    const hashes = [waves, rings, stripes].map((pattern) => differenceHash(render(pattern, 64, 64), 64, 64, 3))
    expect(hammingDistance(hashes[0]!, hashes[1]!)).toBeGreaterThanOrEqual(15)
    expect(hammingDistance(hashes[0]!, hashes[2]!)).toBeGreaterThanOrEqual(15)
    expect(hammingDistance(hashes[1]!, hashes[2]!)).toBeGreaterThanOrEqual(15)
    const mirrored: Pattern = (u, v) => waves(1 - u, v)
    expect(hammingDistance(hashes[0]!, differenceHash(render(mirrored, 64, 64), 64, 64, 3))).toBeGreaterThanOrEqual(15)
  })

  it('refuses a buffer of the wrong length', () => {
    expect(() => differenceHash(new Uint8Array(10), 4, 4, 1)).toThrow(/differenceHash/)
  })
})

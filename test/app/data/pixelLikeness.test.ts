import { describe, expect, it } from 'vitest'
import { makeLikenessCheck } from '../../../app/data/pixelLikeness'

/** A 16×16 grey image: a diagonal gradient plus `offset`, with `noise` added to every pixel (deterministic). */
function image(offset: number, noise: number, flip = false): Uint8Array {
  return Uint8Array.from({ length: 256 }, (_, p) => {
    const x = p % 16
    const y = Math.floor(p / 16)
    const base = (flip ? 15 - x : x) * 8 + y * 4 + offset
    return Math.max(0, Math.min(255, base + (p % 3 === 0 ? noise : -noise)))
  })
}

describe('makeLikenessCheck', () => {
  const images = new Uint8Array([...image(0, 0), ...image(40, 0), ...image(0, 4), ...image(0, 0, true), ...image(0, 12)])
  const alike = makeLikenessCheck(images, 256, 5)

  it('treats a brighter copy and a slightly noisy copy as alike', () => {
    expect(alike(0, 1)).toBe(true)
    expect(alike(0, 2)).toBe(true)
  })

  it('tells apart a mirrored image and a heavily noisy one', () => {
    expect(alike(0, 3)).toBe(false)
    expect(alike(0, 4)).toBe(false)
  })

  it('is symmetric and honours the limit', () => {
    for (let a = 0; a < 5; a++) {
      for (let b = 0; b < 5; b++) {
        expect(alike(a, b)).toBe(alike(b, a))
      }
    }
    expect(makeLikenessCheck(images, 256, 5, 20)(0, 4)).toBe(true)
    expect(makeLikenessCheck(images, 256, 5, 0)(0, 2)).toBe(false)
  })
})

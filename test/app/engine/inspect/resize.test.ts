// Bilinear resizing against values worked out by hand with PyTorch's align_corners=False rule: output pixel o
// samples source position (o + 0.5)·in/out − 0.5, clamped to the edge pixels.

import { describe, expect, test } from 'vitest'
import { resizeBilinear } from '../../../../app/engine/inspect/resize'

function resize(input: number[], H: number, W: number, OH: number, OW: number): number[] {
  const out = new Float32Array(OH * OW)
  resizeBilinear(out, Float32Array.from(input), H, W, OH, OW)
  return Array.from(out)
}

describe('resizeBilinear', () => {
  test('2×2 → 4×4: positions −0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1) on both axes', () => {
    // Row 0 samples source row 0: 1, 1·0.75 + 2·0.25, 1·0.25 + 2·0.75, 2. Row 1 is 0.75·row 0 + 0.25·row 1.
    expect(resize([1, 2, 3, 4], 2, 2, 4, 4)).toEqual([
      1, 1.25, 1.75, 2,
      1.5, 1.75, 2.25, 2.5,
      2.5, 2.75, 3.25, 3.5,
      3, 3.25, 3.75, 4,
    ])
  })

  test('same size is the identity; 1×1 becomes a constant plane', () => {
    const values = [0.5, -1, 2, 7, 3, 0]
    expect(resize(values, 2, 3, 2, 3)).toEqual(values)
    expect(resize([0.25], 1, 1, 3, 2)).toEqual([0.25, 0.25, 0.25, 0.25, 0.25, 0.25])
  })

  test('non-square, non-integer scale: 1×3 → 2×4 samples source columns 0, 0.625, 1.375, 2', () => {
    // Source positions for 3 → 4: (o + 0.5)·0.75 − 0.5 = −0.125 → 0, 0.625, 1.375, 2.125 → 2.
    const row = [0, 10 * 0.625, 10 + 10 * 0.375, 20]
    expect(resize([0, 10, 20], 1, 3, 2, 4)).toEqual([...row, ...row].map((x) => Math.fround(x)))
  })

  test('4×4 → 2×2 samples position 0.5 and 2.5: the mean of each 2×2 block', () => {
    const input = [1, 3, 5, 7, 1, 3, 5, 7, 0, 0, 8, 8, 4, 4, 8, 8]
    expect(resize(input, 4, 4, 2, 2)).toEqual([2, 6, 2, 8])
  })

  test('refuses buffers that do not match their sizes', () => {
    expect(() => resizeBilinear(new Float32Array(4), new Float32Array(3), 2, 2, 2, 2)).toThrow(
      'resizeBilinear: input has 3 values for 2×2',
    )
  })
})

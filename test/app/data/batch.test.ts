import { describe, expect, test } from 'vitest'
import { fillInputBatch, fillLabelBatch } from '../../../app/data/batch'
import type { ImageDataset } from '../../../app/data/imageDataset'

// Two 2×2×3 images, pixel values multiples of 51 so value / 255 is a round 0.2 step. HWC, row-major.
const imageA = [0, 51, 102, 153, 204, 255, 51, 51, 51, 255, 0, 102]
const imageB = [255, 255, 255, 0, 0, 0, 102, 153, 204, 51, 102, 153]
const dataset: ImageDataset = {
  name: 'hand-made',
  classNames: ['a', 'b', 'c'],
  imageShape: { height: 2, width: 2, channels: 3 },
  images: Uint8Array.from([...imageA, ...imageB]),
  labels: Uint8Array.from([2, 0]),
  count: 2,
  splits: { train: Int32Array.from([0, 1]), validation: new Int32Array(0), test: new Int32Array(0) },
}
const identity = { mean: [0, 0, 0], std: [1, 1, 1] }

function expectClose(actual: Float32Array, expected: number[]): void {
  expect(actual.length).toBe(expected.length)
  expected.forEach((value, i) => expect(actual[i], `value ${i}`).toBeCloseTo(value, 6))
}

describe('fillInputBatch', () => {
  test('writes NCHW: each channel a contiguous plane of H×W, images in index order', () => {
    const out = new Float32Array(2 * 12)
    fillInputBatch(out, dataset, [1, 0], 0, 2, identity)
    // image B planes (pixels p0..p3), then image A planes
    expectClose(out, [
      1, 0, 0.4, 0.2, /* B channel 0 */ 1, 0, 0.6, 0.4, /* B channel 1 */ 1, 0, 0.8, 0.6 /* B channel 2 */,
      0, 0.6, 0.2, 1, /* A channel 0 */ 0.2, 0.8, 0.2, 0, /* A channel 1 */ 0.4, 1, 0.2, 0.4 /* A channel 2 */,
    ])
  })

  test('normalises each channel with its own mean and std', () => {
    const out = new Float32Array(12)
    fillInputBatch(out, dataset, [0], 0, 1, { mean: [0, 0.5, 0.2], std: [1, 0.5, 0.25] })
    expectClose(out, [0, 0.6, 0.2, 1, (0.2 - 0.5) / 0.5, 0.6, -0.6, -1, 0.8, 3.2, 0, 0.8])
  })

  test('a short last batch fills only its part of a reused buffer', () => {
    const out = new Float32Array(2 * 12).fill(-7)
    fillInputBatch(out, dataset, Int32Array.from([0, 1]), 1, 1, identity)
    expectClose(out.subarray(0, 12), [1, 0, 0.4, 0.2, 1, 0, 0.6, 0.4, 1, 0, 0.8, 0.6])
    expect(Array.from(out.subarray(12))).toEqual(Array(12).fill(-7))
  })

  test('refuses a too-small buffer, a range past the indices, a bad index or normalisation', () => {
    expect(() => fillInputBatch(new Float32Array(11), dataset, [0], 0, 1, identity)).toThrow(/at least N\*C\*H\*W/)
    expect(() => fillInputBatch(new Float32Array(24), dataset, [0], 0, 2, identity)).toThrow(/runs past/)
    expect(() => fillInputBatch(new Float32Array(12), dataset, [2], 0, 1, identity)).toThrow(/index 2/)
    expect(() => fillInputBatch(new Float32Array(12), dataset, [0], 0, 1, { mean: [0], std: [1] })).toThrow(
      /one per channel/,
    )
  })
})

describe('fillLabelBatch', () => {
  test('copies the labels of the batch in index order', () => {
    const out = new Int32Array(3).fill(-1)
    fillLabelBatch(out, dataset, [1, 0, 1], 1, 2)
    expect(Array.from(out)).toEqual([2, 0, -1])
  })

  test('refuses a too-small buffer', () => {
    expect(() => fillLabelBatch(new Int32Array(1), dataset, [0, 1], 0, 2)).toThrow(/holds 1 labels/)
  })
})

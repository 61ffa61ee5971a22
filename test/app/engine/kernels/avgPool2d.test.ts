import { expect, test } from 'vitest'
import {
  avgPool2dBackward,
  avgPool2dForward,
  globalAvgPoolBackward,
  globalAvgPoolForward,
} from '../../../../app/engine/kernels/avgPool2d'

test('2×2 average pool, stride 2, by hand; backward spreads a quarter of each gradient over its window', () => {
  // prettier-ignore
  const input = Float32Array.of(
    1, 3, 5, 7, 100,
    1, 3, 5, 7, 100,
    2, 2, 0, 4, 100,
    6, 6, 8, 0, 100,
  )
  const shape = { batch: 1, channels: 1, height: 4, width: 5, size: 2, stride: 2, pad: 0 }
  const out = new Float32Array(4)
  avgPool2dForward(out, input, shape)
  expect(Array.from(out)).toEqual([2, 6, 4, 3]) // the last column is dropped (floor mode)
  const dInput = new Float32Array(20).fill(1) // accumulates
  avgPool2dBackward(dInput, Float32Array.of(4, 8, 12, 16), shape)
  // prettier-ignore
  expect(Array.from(dInput)).toEqual([
    2, 2, 3, 3, 1,
    2, 2, 3, 3, 1,
    4, 4, 5, 5, 1,
    4, 4, 5, 5, 1,
  ])
})

test('padding counts as zeros and every window divides by size² (PyTorch count_include_pad=True)', () => {
  // 2×2 plane of ones, 3×3 windows, stride 1, pad 1: each output window holds 4 of the ones and 5 zeros.
  const shape = { batch: 1, channels: 1, height: 2, width: 2, size: 3, stride: 1, pad: 1 }
  const out = new Float32Array(4)
  avgPool2dForward(out, new Float32Array(4).fill(1), shape)
  expect(Array.from(out)).toEqual([4 / 9, 4 / 9, 4 / 9, 4 / 9].map(Math.fround))
  const dInput = new Float32Array(4)
  avgPool2dBackward(dInput, Float32Array.of(9, 9, 9, 9), shape)
  expect(Array.from(dInput)).toEqual([4, 4, 4, 4]) // every input is in all 4 windows, 1/9 of 9 each
})

test('global average pooling: one mean per (sample, channel) plane', () => {
  const input = Float32Array.of(1, 2, 3, 6, /* c1 */ 0, 0, 0, 4, /* n1 c0 */ 1, 1, 1, 1, /* c1 */ -4, 0, 0, 0)
  const out = new Float32Array(4)
  globalAvgPoolForward(out, input, 4)
  expect(Array.from(out)).toEqual([3, 1, 1, -1])
  const dInput = new Float32Array(16)
  globalAvgPoolBackward(dInput, Float32Array.of(4, 8, 0, -4), 4)
  expect(Array.from(dInput)).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 0, 0, 0, 0, -1, -1, -1, -1])
})

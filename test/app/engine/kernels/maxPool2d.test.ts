import { expect, test } from 'vitest'
import {
  maxPool2dBackward,
  maxPool2dForward,
  pool2dOutputSize,
} from '../../../../app/engine/kernels/maxPool2d'

test('2×2 max pool on a 4×5 plane, by hand: the odd last column is dropped, a tie goes to the first', () => {
  // prettier-ignore
  const input = Float32Array.of(
    1, 5, 2, 0, 99,
    3, 4, 8, 1, 99,
    0, 0, 7, 6, 99,
    9, 2, 6, 7, 99,
  )
  const shape = { batch: 1, channels: 1, height: 4, width: 5, size: 2, stride: 2, pad: 0 }
  expect([pool2dOutputSize(4, 2, 2), pool2dOutputSize(5, 2, 2)]).toEqual([2, 2])
  const out = new Float32Array(4)
  const argmax = new Int32Array(4)
  maxPool2dForward(out, argmax, input, shape)
  expect(Array.from(out)).toEqual([5, 8, 9, 7])
  expect(Array.from(argmax)).toEqual([1, 7, 15, 12]) // the last window holds 7 at 12 and at 18: row-major first wins

  const dInput = new Float32Array(20)
  maxPool2dBackward(dInput, Float32Array.of(1, 2, 3, 4), argmax)
  const expected = new Array(20).fill(0)
  expected[1] = 1
  expected[7] = 2
  expected[15] = 3
  expected[12] = 4
  expect(Array.from(dInput)).toEqual(expected)
})

test('overlapping windows (3×3, stride 1) send all their gradients to a shared winner', () => {
  const input = Float32Array.of(0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) // 4×4, max at (1,1)
  const out = new Float32Array(4)
  const argmax = new Int32Array(4)
  maxPool2dForward(out, argmax, input, { batch: 1, channels: 1, height: 4, width: 4, size: 3, stride: 1, pad: 0 })
  expect(Array.from(out)).toEqual([9, 9, 9, 9])
  const dInput = new Float32Array(16)
  maxPool2dBackward(dInput, Float32Array.of(1, 1, 1, 1), argmax)
  expect(dInput[5]).toBe(4)
  expect(dInput.reduce((sum, value) => sum + value, 0)).toBe(4)
})

test('channels and batch items are pooled separately', () => {
  // two samples × two channels of 2×2, each pooled to one value
  const input = Float32Array.of(1, 2, 3, 4, -1, -2, -3, -4, 5, 0, 0, 0, 0, 0, 0, 6)
  const out = new Float32Array(4)
  const argmax = new Int32Array(4)
  maxPool2dForward(out, argmax, input, { batch: 2, channels: 2, height: 2, width: 2, size: 2, stride: 2, pad: 0 })
  expect(Array.from(out)).toEqual([4, -1, 5, 6])
  expect(Array.from(argmax)).toEqual([3, 4, 8, 15])
})

test('padding never wins: 3×3 stride 2 pad 1 on an all-negative 3×3 plane takes the real maximum of each window', () => {
  // prettier-ignore
  const input = Float32Array.of(
    -1, -2, -3,
    -4, -5, -6,
    -7, -8, -9,
  )
  const shape = { batch: 1, channels: 1, height: 3, width: 3, size: 3, stride: 2, pad: 1 }
  expect(pool2dOutputSize(3, 3, 2, 1)).toBe(2)
  const out = new Float32Array(4)
  const argmax = new Int32Array(4)
  maxPool2dForward(out, argmax, input, shape)
  // windows cover rows/cols {−1,0,1} and {1,2,3}: top-left sees −1, −2, −4, −5; and so on
  expect(Array.from(out)).toEqual([-1, -2, -4, -5])
  expect(Array.from(argmax)).toEqual([0, 1, 3, 4])
})

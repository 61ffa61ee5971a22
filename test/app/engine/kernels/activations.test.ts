import { expect, test } from 'vitest'
import {
  leakyReluBackward,
  leakyReluForward,
  sigmoidBackward,
  sigmoidForward,
  tanhBackward,
  tanhForward,
} from '../../../../app/engine/kernels/activations'
import { expectClose } from '../testUtils'

const INPUT = Float32Array.of(-3, -0.5, 0, 0.5, 3)

test('leaky ReLU: slope·x below zero; backward passes slope·dOut there and adds', () => {
  const out = new Float32Array(5)
  leakyReluForward(out, INPUT, 0.1)
  expectClose(out, [-0.3, -0.05, 0, 0.5, 3])
  const dInput = new Float32Array(5).fill(1)
  leakyReluBackward(dInput, out, Float32Array.of(10, 10, 10, 10, 10), 0.1)
  expectClose(dInput, [2, 2, 2, 11, 11])
})

test('sigmoid and tanh against Math, with derivatives y(1 − y) and 1 − y²', () => {
  const sigmoid = (x: number) => 1 / (1 + Math.exp(-x))
  const out = new Float32Array(5)
  sigmoidForward(out, INPUT)
  expectClose(out, Array.from(INPUT, sigmoid))
  const dInput = new Float32Array(5)
  sigmoidBackward(dInput, out, Float32Array.of(1, 2, 3, 4, 5))
  expectClose(dInput, Array.from(INPUT, (x, i) => (i + 1) * sigmoid(x) * (1 - sigmoid(x))))

  tanhForward(out, INPUT)
  expectClose(out, Array.from(INPUT, Math.tanh))
  dInput.fill(0)
  tanhBackward(dInput, out, Float32Array.of(1, 2, 3, 4, 5))
  expectClose(dInput, Array.from(INPUT, (x, i) => (i + 1) * (1 - Math.tanh(x) ** 2)))
})

test('sigmoid does not overflow for large |x|', () => {
  const out = new Float32Array(2)
  sigmoidForward(out, Float32Array.of(-1000, 1000))
  expect(Array.from(out)).toEqual([0, 1])
})

import { expect, test } from 'vitest'
import { reluBackward, reluForward } from '../../../../app/engine/kernels/relu'

test('relu forward clamps negatives to zero; backward passes gradient where the output was positive, and adds', () => {
  const input = Float32Array.of(-2, -0.5, 0, 0.5, 3)
  const out = new Float32Array(5).fill(NaN)
  reluForward(out, input)
  expect(Array.from(out)).toEqual([0, 0, 0, 0.5, 3])

  const dInput = Float32Array.of(1, 1, 1, 1, 1) // backward accumulates onto what is there
  reluBackward(dInput, out, Float32Array.of(10, 20, 30, 40, 50))
  expect(Array.from(dInput)).toEqual([1, 1, 1, 41, 51])
})

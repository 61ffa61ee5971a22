import { expect, test } from 'vitest'
import { denseBackward, denseForward } from '../../../../app/engine/kernels/dense'

test('dense forward and backward, by hand (2 samples, 3 inputs, 2 units)', () => {
  const shape = { batch: 2, inFeatures: 3, outFeatures: 2 }
  const input = Float32Array.of(1, 2, 3, -1, 0, 1)
  const weights = Float32Array.of(1, 0, -1, 2, 1, 0) // unit 0: [1, 0, -1], unit 1: [2, 1, 0]
  const bias = Float32Array.of(10, 20)
  const out = new Float32Array(4)
  denseForward(out, input, weights, bias, shape)
  // sample 0: 1 − 3 + 10 = 8, 2 + 2 + 20 = 24; sample 1: −1 − 1 + 10 = 8, −2 + 0 + 20 = 18
  expect(Array.from(out)).toEqual([8, 24, 8, 18])

  const dOut = Float32Array.of(1, 2, 3, 4)
  const dInput = new Float32Array(6)
  const dWeights = new Float32Array(6).fill(1) // accumulates onto existing values
  const dBias = new Float32Array(2)
  denseBackward(dInput, dWeights, dBias, dOut, input, weights, shape)
  // dInput[n] = Σ_o dOut[n,o] · W[o]: sample 0: 1·[1,0,−1] + 2·[2,1,0] = [5,2,−1]; sample 1: 3·W0 + 4·W1 = [11,4,−3]
  expect(Array.from(dInput)).toEqual([5, 2, -1, 11, 4, -3])
  // dW[o] = Σ_n dOut[n,o] · x[n]: unit 0: 1·[1,2,3] + 3·[−1,0,1] = [−2,2,6]; unit 1: 2·[1,2,3] + 4·[−1,0,1] = [−2,4,10]
  expect(Array.from(dWeights)).toEqual([-1, 3, 7, -1, 5, 11])
  expect(Array.from(dBias)).toEqual([4, 6])
})

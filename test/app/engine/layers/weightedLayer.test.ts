// Edge checks and buffer behaviour shared by the conv and dense layers (their numerics are in gradientCheck).

import { expect, test } from 'vitest'
import { ConvLayer } from '../../../../app/engine/layers/convLayer'
import { DenseLayer } from '../../../../app/engine/layers/denseLayer'
import { FlattenLayer } from '../../../../app/engine/layers/flattenLayer'
import { randomArray } from '../testUtils'

const INPUT = { height: 4, width: 4, channels: 2 }

test('a layer names itself and the expected length when the input has the wrong size', () => {
  const conv = new ConvLayer('layers.0', INPUT, { filters: 3, kernelSize: 3, stride: 1, pad: 1 })
  expect(() => conv.forward(new Float32Array(31), 1)).toThrow(
    'conv forward: got 31 values, expected N*C*H*W = 1*2*4*4 = 32',
  )
  expect(() => conv.backward(new Float32Array(48))).toThrow('conv backward: called before forward')
  conv.forward(randomArray(64, 1), 2)
  expect(() => conv.backward(new Float32Array(48))).toThrow(/conv backward: got 48 values, expected .* = 96/)
  expect(() => new DenseLayer('layers.1', INPUT, 4)).toThrow(/input must be a vector \(1×1×C\), got 4×4/)
})

test('params are named after the layer; dInput is zeroed on every backward (not accumulated across calls)', () => {
  const dense = new DenseLayer('layers.5', { height: 1, width: 1, channels: 3 }, 2)
  expect(dense.params().map((param) => [param.name, param.value.length])).toEqual([
    ['layers.5.weights', 6],
    ['layers.5.bias', 2],
  ])
  dense.weights.value.set([1, 2, 3, 4, 5, 6])
  dense.forward(Float32Array.of(1, 1, 1), 1)
  const first = Array.from(dense.backward(Float32Array.of(1, 1)))
  expect(first).toEqual([5, 7, 9])
  expect(Array.from(dense.backward(Float32Array.of(1, 1)))).toEqual(first)
  expect(Array.from(dense.bias.grad)).toEqual([2, 2]) // param grads do accumulate
})

test('flatten is a reshape: the same buffer through, a 1×1×(C·H·W) shape out', () => {
  const flatten = new FlattenLayer(INPUT)
  const input = randomArray(2 * 32, 2)
  expect(flatten.outputShape).toEqual({ height: 1, width: 1, channels: 32 })
  expect(flatten.forward(input, 2)).toBe(input)
})

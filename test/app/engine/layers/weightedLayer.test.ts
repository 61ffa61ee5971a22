// Edge checks and buffer behaviour shared by the conv and dense layers (their numerics are in gradientCheck).

import { expect, test } from 'vitest'
import { singleShardContext } from '../../../../app/engine/layer'
import { ConvLayer } from '../../../../app/engine/layers/convLayer'
import { DenseLayer } from '../../../../app/engine/layers/denseLayer'
import { FlattenLayer } from '../../../../app/engine/layers/flattenLayer'
import { randomArray } from '../testUtils'

const INPUT = { height: 4, width: 4, channels: 2 }
const ONE = singleShardContext(1, false)
const TWO = singleShardContext(2, false)

test('a layer names itself and the expected length when the input has the wrong size', () => {
  const conv = new ConvLayer('layers.0', INPUT, { filters: 3, kernelSize: 3, stride: 1, pad: 1 })
  expect(() => conv.forward(new Float32Array(31), 1, ONE)).toThrow(
    'conv forward: got 31 values, expected N*C*H*W = 1*2*4*4 = 32',
  )
  expect(() => conv.backward(new Float32Array(48), ONE)).toThrow('conv backward: called before forward')
  conv.forward(randomArray(64, 1), 2, TWO)
  expect(() => conv.backward(new Float32Array(48), TWO)).toThrow(/conv backward: got 48 values, expected .* = 96/)
  expect(() => new DenseLayer('layers.1', INPUT, 4)).toThrow(/input must be a vector \(1×1×C\), got 4×4/)
})

test('params are named after the layer; dInput is zeroed on every backward (not accumulated across calls)', () => {
  const dense = new DenseLayer('layers.5', { height: 1, width: 1, channels: 3 }, 2)
  expect(dense.params().map((param) => [param.name, param.value.length, param.decay])).toEqual([
    ['layers.5.weights', 6, true],
    ['layers.5.bias', 2, false],
  ])
  dense.weights.value.set([1, 2, 3, 4, 5, 6])
  dense.forward(Float32Array.of(1, 1, 1), 1, ONE)
  const first = Array.from(dense.backward(Float32Array.of(1, 1), ONE))
  expect(first).toEqual([5, 7, 9])
  expect(Array.from(dense.backward(Float32Array.of(1, 1), ONE))).toEqual(first)
  expect(Array.from(dense.bias!.grad)).toEqual([2, 2]) // param grads do accumulate
})

test('a conv without bias has only weights, and computes what a conv with a zero bias computes', () => {
  const options = { filters: 2, kernelSize: 3, stride: 1, pad: 1 }
  const withBias = new ConvLayer('a', INPUT, options)
  const withoutBias = new ConvLayer('b', INPUT, { ...options, hasBias: false })
  expect(withoutBias.params().map((param) => param.name)).toEqual(['b.weights'])
  expect(withoutBias.bias).toBeNull()
  const weights = randomArray(withBias.weights.value.length, 3)
  withBias.weights.value.set(weights)
  withoutBias.weights.value.set(weights)
  const input = randomArray(32, 4)
  expect(withoutBias.forward(input, 1, ONE)).toEqual(withBias.forward(input, 1, ONE))
  const dOutput = randomArray(32, 5)
  expect(withoutBias.backward(dOutput, ONE)).toEqual(withBias.backward(dOutput, ONE))
  expect(withoutBias.weights.grad).toEqual(withBias.weights.grad)
})

test('flatten is a reshape: the same buffer through, a 1×1×(C·H·W) shape out', () => {
  const flatten = new FlattenLayer(INPUT)
  const input = randomArray(2 * 32, 2)
  expect(flatten.outputShape).toEqual({ height: 1, width: 1, channels: 32 })
  expect(flatten.forward(input, 2, TWO)).toBe(input)
  expect(flatten.backward(input, TWO)).toBe(input)
})

// Inverted dropout: identity in inference; in training about `rate` of the values zeroed, the rest scaled by
// 1 / (1 − rate), the mask fixed by (step seed, layer index, global sample index, unit).

import { expect, test } from 'vitest'
import { singleShardContext } from '../../../../app/engine/layer'
import { DropoutLayer } from '../../../../app/engine/layers/dropoutLayer'

const SHAPE = { height: 10, width: 10, channels: 10 } // 1000 units per sample
const ONES = new Float32Array(4 * 1000).fill(1)

test('inference hands the input through untouched, and the gradient likewise', () => {
  const layer = new DropoutLayer(SHAPE, 0.5, 0)
  const context = singleShardContext(4, false)
  expect(layer.forward(ONES, 4, context)).toBe(ONES)
  expect(layer.backward(ONES, context)).toBe(ONES)
})

test.each([0, 0.2, 0.5, 0.9])('training with rate %s drops about that fraction and scales the rest', (rate) => {
  const layer = new DropoutLayer(SHAPE, rate, 0)
  const out = layer.forward(ONES, 4, singleShardContext(4, true, 17))
  const dropped = out.filter((value) => value === 0).length / out.length
  expect(Math.abs(dropped - rate)).toBeLessThan(4 * Math.sqrt((rate * (1 - rate)) / out.length) + 1e-9)
  expect(new Set(out.filter((value) => value !== 0))).toEqual(new Set([Math.fround(1 / (1 - rate))]))
  // Backward applies the same mask.
  expect(Array.from(layer.backward(ONES, singleShardContext(4, true, 17)))).toEqual(Array.from(out))
})

test('the mask depends on the global sample index, the layer and the seed, not on how the batch is split', () => {
  const whole = Float32Array.from(new DropoutLayer(SHAPE, 0.5, 3).forward(ONES, 4, singleShardContext(4, true, 5)))
  const secondHalf = new DropoutLayer(SHAPE, 0.5, 3).forward(ONES.subarray(0, 2000), 2, {
    ...singleShardContext(2, true, 5),
    sampleOffset: 2,
    totalBatchSize: 4,
  })
  expect(Array.from(secondHalf)).toEqual(Array.from(whole.subarray(2000)))
  const otherLayer = new DropoutLayer(SHAPE, 0.5, 4).forward(ONES, 4, singleShardContext(4, true, 5))
  expect(Array.from(otherLayer)).not.toEqual(Array.from(whole))
  // Two samples of one batch get different masks.
  expect(Array.from(whole.subarray(0, 1000))).not.toEqual(Array.from(whole.subarray(1000, 2000)))
})

test('a rate outside [0, 1) is refused', () => {
  expect(() => new DropoutLayer(SHAPE, 1, 0)).toThrow('DropoutLayer: rate must be in [0, 1), got 1')
})

// Class probabilities, layer activations and conv filters: shapes against inferShapes, probabilities against
// a softmax written out here, copies that later calls cannot disturb, inference behaviour (dropout inactive).

import { describe, expect, test } from 'vitest'
import { classProbabilities, layerActivations } from '../../../../app/engine/inspect/activations'
import { convFilters } from '../../../../app/engine/inspect/filters'
import { inferShapes } from '../../../../app/model/shapeInference'
import { expectClose } from '../testUtils'
import { PIECEWISE_LINEAR_SPEC, randomImages, trainedNetwork } from './inspectFixtures'

const spec = PIECEWISE_LINEAR_SPEC

describe('layerActivations', () => {
  test('one entry per layer with the shape inferShapes gives, N images of values each', () => {
    const network = trainedNetwork(spec, 1)
    const summary = inferShapes(spec)
    const activations = layerActivations(network, randomImages(spec, 2, 2))
    const expected = spec.layers.slice(0, -1).map((layer, index) => {
      const shape = summary.layers[index].outputShape!
      const length = 2 * shape.height * shape.width * shape.channels
      return { layerIndex: index, kind: layer.kind, shape, length }
    })
    const actual = activations.map(({ layerIndex, kind, shape, values }) => {
      return { layerIndex, kind, shape, length: values.length }
    })
    expect(actual).toEqual(expected)
  })

  test('values are copies: a later pass on another image leaves them as they were', () => {
    const network = trainedNetwork(spec, 1)
    const first = layerActivations(network, randomImages(spec, 1, 3))
    const kept = first.map((activation) => Float32Array.from(activation.values))
    layerActivations(network, randomImages(spec, 1, 4))
    classProbabilities(network, randomImages(spec, 1, 5))
    expect(first.map((activation) => activation.values)).toEqual(kept)
  })

  test('inference mode: dropout passes its input through; the same image gives the same values twice', () => {
    const network = trainedNetwork(spec, 1)
    const image = randomImages(spec, 1, 6)
    const activations = layerActivations(network, image)
    expect(activations[12].kind).toBe('dropout')
    expect(activations[12].values).toEqual(activations[11].values)
    expect(layerActivations(network, image)).toEqual(activations)
  })

  test('a batch gives each image what it gets alone', () => {
    const network = trainedNetwork(spec, 1)
    const images = randomImages(spec, 2, 7)
    const size = images.length / 2
    const both = layerActivations(network, images)
    const alone = [0, 1].map((n) => layerActivations(network, images.subarray(n * size, (n + 1) * size)))
    both.forEach((activation, index) => {
      const half = activation.values.length / 2
      expectClose(activation.values.subarray(0, half), alone[0][index].values, { atol: 1e-6, rtol: 1e-5 })
      expectClose(activation.values.subarray(half), alone[1][index].values, { atol: 1e-6, rtol: 1e-5 })
    })
  })

  test('layerIndices picks layers; an unknown index is refused by name', () => {
    const network = trainedNetwork(spec, 1)
    const image = randomImages(spec, 1, 8)
    const picked = layerActivations(network, image, [13, 0])
    expect(picked.map((activation) => activation.layerIndex)).toEqual([0, 13])
    expect(() => layerActivations(network, image, [14])).toThrow(
      'layerActivations: there is no layer 14; the layers are 0 to 13',
    )
  })

  test('an input that is not whole images is refused with the expected size', () => {
    const network = trainedNetwork(spec, 1)
    expect(() => layerActivations(network, new Float32Array(100))).toThrow(
      'layerActivations: got 100 values, expected one or more images of 6×6×3 = 108 values',
    )
  })
})

describe('classProbabilities', () => {
  test('softmax of the last layer’s output (the logits), each row summing to 1', () => {
    const network = trainedNetwork(spec, 1)
    const images = randomImages(spec, 3, 9)
    const logits = layerActivations(network, images).at(-1)!.values
    const probabilities = classProbabilities(network, images)
    const expected: number[] = []
    for (let n = 0; n < 3; n++) {
      const row = Array.from(logits.subarray(n * 4, n * 4 + 4))
      const exps = row.map((x) => Math.exp(x))
      const sum = exps.reduce((a, b) => a + b, 0)
      expected.push(...exps.map((e) => e / sum))
    }
    expectClose(probabilities, expected, { atol: 1e-7, rtol: 1e-5 })
  })
})

describe('convFilters', () => {
  test('every conv layer with its (OC, C, K, K) shape and a copy of its weights', () => {
    const network = trainedNetwork(spec, 1)
    const filters = convFilters(network)
    expect(filters.map(({ layerIndex, shape }) => ({ layerIndex, shape }))).toEqual([
      { layerIndex: 0, shape: { outChannels: 4, inChannels: 3, kernelSize: 3 } },
      { layerIndex: 3, shape: { outChannels: 4, inChannels: 4, kernelSize: 3 } },
      { layerIndex: 8, shape: { outChannels: 5, inChannels: 4, kernelSize: 3 } },
    ])
    const weights = filters.map((filter) => network.layers[filter.layerIndex].params()[0].value)
    expect(filters.map((filter) => filter.weights)).toEqual(weights)
    filters[0].weights[0] += 1
    expect(network.layers[0].params()[0].value[0]).not.toBe(filters[0].weights[0])
  })
})

// The parts of the Network contract that threads, checkpoints and inspection build on: state buffers,
// bindBuffers onto flat (shared) memory, the layer hooks, and the gradient returned for the input.

import { describe, expect, test } from 'vitest'
import { singleShardContext } from '../../../app/engine/layer'
import { buildNetwork } from '../../../app/engine/network'
import type { Network } from '../../../app/engine/network'
import { Random } from '../../../app/engine/random'
import type { NetworkSpec } from '../../../app/model/networkSpec'
import { presetSpec } from '../../../app/model/presets'
import { inferShapes } from '../../../app/model/shapeInference'
import { expectClose, randomArray } from './testUtils'

const INPUT = { height: 8, width: 8, channels: 3 }
const RESNET = presetSpec('resnetSmall', INPUT, 4)

function build(spec: NetworkSpec, seed: number): Network {
  return buildNetwork(spec, new Random(seed))
}

describe('state', () => {
  test('batch norm layers contribute running mean and variance, starting at 0 and 1', () => {
    const network = build(RESNET, 1)
    const batchNorms = inferShapes(RESNET).layers.filter((layer) => layer.kind === 'batchNorm')
    const names = network.state().map((buffer) => buffer.name)
    expect(names).toEqual(
      batchNorms.flatMap((layer) => [`layers.${layer.index}.runningMean`, `layers.${layer.index}.runningVariance`]),
    )
    expect(network.stateCount()).toBe(batchNorms.reduce((sum, layer) => sum + 2 * layer.outputShape!.channels, 0))
    const state = network.getState()
    network.state().forEach((buffer, index) => {
      expect(buffer.value.every((value) => value === (index % 2 === 0 ? 0 : 1))).toBe(true)
    })
    expect(state.length).toBe(network.stateCount())
  })

  test('training passes move the running statistics; inference passes do not; setState restores them', () => {
    const network = build(RESNET, 2)
    const before = network.getState()
    const input = randomArray(4 * 8 * 8 * 3, 3)
    network.forward(input, 4, singleShardContext(4, false))
    expect(network.getState()).toEqual(before)
    network.forward(input, 4, singleShardContext(4, true))
    const after = network.getState()
    expect(after).not.toEqual(before)
    network.setState(before)
    expect(network.getState()).toEqual(before)
    expect(() => network.setState(new Float32Array(3))).toThrow(/Network.setState .*got 3 values, expected/)
  })

  test('a shard that is not primary leaves the running statistics alone', () => {
    const network = build(RESNET, 4)
    const before = network.getState()
    const context = { ...singleShardContext(2, true), isPrimary: false }
    network.forward(randomArray(2 * 8 * 8 * 3, 5), 2, context)
    expect(network.getState()).toEqual(before)
  })
})

describe('bindBuffers', () => {
  test('re-points params and state at views of shared buffers: the buffers ARE the weights afterwards', () => {
    const source = build(RESNET, 6)
    source.forward(randomArray(4 * 8 * 8 * 3, 7), 4, singleShardContext(4, true)) // non-trivial state
    const target = build(RESNET, 8)
    const shared = (length: number) => new Float32Array(new SharedArrayBuffer(4 * length))
    const buffers = {
      values: shared(target.valueCount()),
      grads: shared(target.valueCount()),
      state: shared(target.stateCount()),
    }
    buffers.values.set(source.getWeights())
    buffers.state.set(source.getState())
    target.bindBuffers(buffers)
    expect(target.valueCount()).toBe(target.parameterCount())
    expect(target.params().every((param) => param.value.buffer === buffers.values.buffer)).toBe(true)
    expect(target.params().every((param) => param.grad.buffer === buffers.grads.buffer)).toBe(true)
    expect(target.getWeights()).toEqual(source.getWeights())
    expect(target.getState()).toEqual(source.getState())

    const input = randomArray(2 * 8 * 8 * 3, 9)
    expect(target.forward(input, 2)).toEqual(source.forward(input, 2))
    target.zeroGrad()
    target.backward(randomArray(2 * 4, 10))
    expect(buffers.grads.some((value) => value !== 0)).toBe(true)
    expectClose(buffers.grads, Float32Array.from(target.params().flatMap((param) => Array.from(param.grad))))

    buffers.values.fill(0) // writes through the views
    expect(target.params().every((param) => param.value.every((value) => value === 0))).toBe(true)
    expect(() => target.bindBuffers({ ...buffers, state: new Float32Array(1) })).toThrow(
      /Network.bindBuffers: got values \d+, grads \d+, state 1; expected/,
    )
  })
})

describe('forward and backward hooks', () => {
  test('onLayerOutput sees each layer in order, onLayerGradient each backwards; backward returns dInput', () => {
    const network = build(RESNET, 11)
    const batchSize = 2
    const input = randomArray(batchSize * 8 * 8 * 3, 12)
    const outputs: [number, number][] = []
    const logits = network.forward(input, batchSize, undefined, (index, values) => outputs.push([index, values.length]))
    expect(outputs).toEqual(
      network.layers.map((layer, index) => {
        const { height, width, channels } = layer.outputShape
        return [index, batchSize * height * width * channels]
      }),
    )
    expect(logits.length).toBe(batchSize * 4)
    const gradients: number[] = []
    const dInput = network.backward(randomArray(batchSize * 4, 13), undefined, (index) => gradients.push(index))
    expect(gradients).toEqual(network.layers.map((_, index) => index).reverse())
    expect(dInput.length).toBe(input.length)
    expect(dInput.some((value) => value !== 0)).toBe(true)
  })

  test('backward before forward is refused', () => {
    expect(() => build(RESNET, 14).backward(new Float32Array(4))).toThrow('Network.backward: called before forward')
  })
})

// Inspection leaves the network as it found it: weights, batch-norm running statistics and parameter
// gradients (saved and written back, in place) are bit-identical afterwards, and the next training step gives
// exactly what it gives on a twin network that was never inspected.

import { describe, expect, test } from 'vitest'
import { classProbabilities, layerActivations } from '../../../../app/engine/inspect/activations'
import { convFilters } from '../../../../app/engine/inspect/filters'
import { gradCam } from '../../../../app/engine/inspect/gradCam'
import { classScoreGradient, saliencyMap } from '../../../../app/engine/inspect/saliency'
import { singleShardContext } from '../../../../app/engine/layer'
import { softmaxCrossEntropy } from '../../../../app/engine/loss'
import type { Network } from '../../../../app/engine/network'
import { randomArray } from '../testUtils'
import { PIECEWISE_LINEAR_SPEC, randomImages, trainedNetwork } from './inspectFixtures'

const spec = PIECEWISE_LINEAR_SPEC

function inspectEverything(network: Network): void {
  const image = randomImages(spec, 1, 31)
  classProbabilities(network, image)
  layerActivations(network, image)
  convFilters(network)
  saliencyMap(network, image, 1)
  classScoreGradient(network, randomImages(spec, 2, 32), 3)
  gradCam(network, image, 2, 5)
  gradCam(network, image, 0, 9)
}

/** Forward in training mode, loss, backward: what one shard of a training step does, without the update. */
function trainingPass(network: Network): number {
  const batchSize = 3
  const inputs = randomImages(spec, batchSize, 33)
  const context = singleShardContext(batchSize, true, 7)
  const K = network.classCount
  const dLogits = new Float32Array(batchSize * K)
  const logits = network.forward(inputs, batchSize, context)
  const loss = softmaxCrossEntropy(new Float32Array(batchSize * K), dLogits, logits, [0, 3, 1], batchSize, K)
  network.backward(dLogits, context)
  return loss
}

function gradients(network: Network): Float32Array[] {
  return network.params().map((param) => Float32Array.from(param.grad))
}

describe('inspection side effects', () => {
  test('weights, running statistics and half-accumulated gradients are exactly as before', () => {
    const network = trainedNetwork(spec, 2)
    // Gradients in the middle of accumulation: inspection must neither zero them nor add to them.
    network.params().forEach((param, index) => param.grad.set(randomArray(param.grad.length, 40 + index)))
    const weights = network.getWeights()
    const state = network.getState()
    const grads = gradients(network)
    const gradBuffers = network.params().map((param) => param.grad)
    expect(state.length, 'the spec has batch norm, so there are running statistics').toBeGreaterThan(0)
    inspectEverything(network)
    expect(network.getWeights()).toEqual(weights)
    expect(network.getState()).toEqual(state)
    expect(gradients(network)).toEqual(grads)
    // Written back in place: arrays bound to shared buffers (bindBuffers) stay bound.
    network.params().forEach((param, index) => expect(param.grad).toBe(gradBuffers[index]))
  })

  test('bound to shared buffers: gradients stay in them, results are plain transferable copies', () => {
    const network = trainedNetwork(spec, 2)
    const shared = (length: number) => new Float32Array(new SharedArrayBuffer(4 * length))
    const buffers = {
      values: shared(network.valueCount()),
      grads: shared(network.valueCount()),
      state: shared(network.stateCount()),
    }
    buffers.values.set(network.getWeights())
    buffers.state.set(network.getState())
    buffers.grads.set(randomArray(buffers.grads.length, 50))
    network.bindBuffers(buffers)
    const grads = buffers.grads.slice()
    inspectEverything(network)
    expect(buffers.grads).toEqual(grads)
    const image = randomImages(spec, 1, 51)
    const results = [
      convFilters(network)[0].weights,
      layerActivations(network, image)[0].values,
      saliencyMap(network, image, 0),
      gradCam(network, image, 0, 5),
      classProbabilities(network, image),
    ]
    for (const result of results) {
      expect(result.buffer).toBeInstanceOf(ArrayBuffer)
    }
  })

  test('the next training pass matches a twin network that was never inspected', () => {
    const inspected = trainedNetwork(spec, 2)
    const twin = trainedNetwork(spec, 2)
    inspected.zeroGrad()
    twin.zeroGrad()
    inspectEverything(inspected)
    expect(trainingPass(inspected)).toBe(trainingPass(twin))
    expect(gradients(inspected)).toEqual(gradients(twin))
    expect(inspected.getState()).toEqual(twin.getState()) // the training pass did update them, identically
  })
})

// What every inspection shares: the batch size of an input, the inference-mode context (no dropout, batch
// norm on its running statistics, no statistics updated), and a backward pass from one class score that
// leaves the network's parameter gradients exactly as it found them. Not here: the views (sibling files).
//
// Inspection runs between training steps, never between a step's forward and backward: it overwrites what the
// layers keep from their last forward.

import { formatShape } from '../../model/shapeInference'
import { assert } from '../assert'
import { singleShardContext } from '../layer'
import type { ForwardContext } from '../layer'
import type { LayerHook, Network } from '../network'
import { sampleSize } from '../tensor'

/** N for an input of N whole samples of the network's input shape; refuses anything else. */
export function batchSizeOf(network: Network, input: Float32Array, where: string): number {
  const size = sampleSize(network.spec.input)
  const batchSize = input.length / size
  assert(
    Number.isInteger(batchSize) && batchSize >= 1,
    () =>
      `${where}: got ${input.length} values, expected one or more images of ` +
      `${formatShape(network.spec.input)} = ${size} values`,
  )
  return batchSize
}

/** Inference mode for a batch on one thread: what the user's trained network does with a new image. */
export function inferenceContext(batchSize: number): ForwardContext {
  return singleShardContext(batchSize, false)
}

export function assertClassIndex(network: Network, classIndex: number, where: string): void {
  assert(
    Number.isInteger(classIndex) && classIndex >= 0 && classIndex < network.classCount,
    () => `${where}: classIndex must be an integer from 0 to ${network.classCount - 1}, got ${classIndex}`,
  )
}

/**
 * Runs forward in inference mode, then backward from dLogits = one-hot(classIndex) in every row: the
 * gradient of each image's class SCORE (logit), not of its probability or of a loss. Images do not interact
 * in inference mode, so each gets its own gradient. Returns a copy of d score / d input, (N, C, H, W).
 * Backward accumulates into Param.grad; those are saved before and written back after (in place, so views of
 * shared buffers stay bound), whatever happens in between.
 */
export function backpropagateClassScore(
  network: Network,
  input: Float32Array,
  classIndex: number,
  where: string,
  hooks: { onLayerOutput?: LayerHook; onLayerGradient?: LayerHook } = {},
): Float32Array {
  const batchSize = batchSizeOf(network, input, where)
  assertClassIndex(network, classIndex, where)
  const context = inferenceContext(batchSize)
  const K = network.classCount
  const params = network.params()
  const savedGrads = params.map((param) => param.grad.slice())
  try {
    network.forward(input, batchSize, context, hooks.onLayerOutput)
    const dLogits = new Float32Array(batchSize * K)
    for (let n = 0; n < batchSize; n++) {
      dLogits[n * K + classIndex] = 1
    }
    return network.backward(dLogits, context, hooks.onLayerGradient).slice()
  } finally {
    params.forEach((param, index) => param.grad.set(savedGrads[index]))
  }
}

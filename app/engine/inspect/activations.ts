// Class probabilities and every layer's output for one image (or a small batch), in inference mode: what the
// prediction and activation-map views show. Copies are returned, never the layers' reused scratch buffers.
// Not here: drawing them (renderer/) or sending them (the trainer session).

import type { TensorShape } from '../../model/networkSpec'
import { assert } from '../assert'
import { softmax } from '../loss'
import type { Network } from '../network'
import { batchSizeOf, inferenceContext } from './inspectionPass'

export type LayerActivation = Readonly<{
  /** Position in network.layers (= spec.layers; the fused softmax has none). */
  layerIndex: number
  kind: string
  /** One image's output shape; values hold N of them, NCHW. */
  shape: TensorShape
  values: Float32Array
}>

/** softmax(logits), (N, K), for input of N images (N*C*H*W values, NCHW). */
export function classProbabilities(network: Network, input: Float32Array): Float32Array {
  const batchSize = batchSizeOf(network, input, 'classProbabilities')
  const logits = network.forward(input, batchSize, inferenceContext(batchSize))
  const probabilities = new Float32Array(batchSize * network.classCount)
  softmax(probabilities, logits, batchSize, network.classCount)
  return probabilities
}

/**
 * The output of every layer (or of the listed layer indices only, to keep the payload small) in layer order.
 * The last layer's values are the logits.
 */
export function layerActivations(
  network: Network,
  input: Float32Array,
  layerIndices?: readonly number[],
): LayerActivation[] {
  const batchSize = batchSizeOf(network, input, 'layerActivations')
  const wanted = layerIndices === undefined ? null : new Set(layerIndices)
  const missing = (layerIndices ?? []).find(
    (index) => !(Number.isInteger(index) && index >= 0 && index < network.layers.length),
  )
  assert(
    missing === undefined,
    () => `layerActivations: there is no layer ${missing}; the layers are 0 to ${network.layers.length - 1}`,
  )
  const activations: LayerActivation[] = []
  network.forward(input, batchSize, inferenceContext(batchSize), (layerIndex, values) => {
    if (wanted === null || wanted.has(layerIndex)) {
      const layer = network.layers[layerIndex]
      activations.push({
        layerIndex,
        kind: layer.kind,
        shape: layer.outputShape,
        values: values.slice(),
      })
    }
  })
  return activations
}

// The learned filters of every conv layer, for the filter-grid view: copies of the weights (OC, C, K, K) with
// their shape. Only spec conv layers; an add layer's 1×1 projection is not a filter anyone drew.
// Not here: scaling them to pixels (renderer/).

import { assert } from '../assert'
import type { Network } from '../network'

export type ConvFilters = Readonly<{
  /** Position in network.layers (= spec.layers). */
  layerIndex: number
  shape: Readonly<{ outChannels: number; inChannels: number; kernelSize: number }>
  /** (outChannels, inChannels, kernelSize, kernelSize), row-major; a copy. */
  weights: Float32Array
}>

export function convFilters(network: Network): ConvFilters[] {
  const filters: ConvFilters[] = []
  network.layers.forEach((layer, layerIndex) => {
    if (layer.kind !== 'conv') {
      return
    }
    // Layers list weights before bias (layer.ts), so the first param of a conv layer is its kernel.
    const weights = layer.params()[0]
    const outChannels = layer.outputShape.channels
    const inChannels = layer.inputShape.channels
    const kernelSize = Math.round(Math.sqrt(weights.value.length / (outChannels * inChannels)))
    assert(
      kernelSize * kernelSize * outChannels * inChannels === weights.value.length,
      () =>
        `convFilters: layer ${layerIndex} has ${weights.value.length} weights, ` +
        `not ${outChannels}×${inChannels}×K×K`,
    )
    filters.push({
      layerIndex,
      shape: { outChannels, inChannels, kernelSize },
      weights: weights.value.slice(),
    })
  })
  return filters
}

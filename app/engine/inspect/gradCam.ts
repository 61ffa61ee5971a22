// Grad-CAM (Selvaraju et al. 2017, "Grad-CAM: Visual Explanations from Deep Networks via Gradient-based
// Localization", equations 1–2): for a chosen layer with a spatial output A (K maps of h×w), each map's
// weight is the spatial mean of d score_class / d A_k, and the map is ReLU(Σ_k weight_k · A_k), resized
// bilinearly to the input's H×W and divided by its maximum, so it lies in [0, 1] (all zeros when nothing
// speaks for the class).
// Not here: the saliency map (saliency.ts), colouring and blending over the image (renderer/).

import { formatShape } from '../../model/shapeInference'
import { assert } from '../assert'
import type { Network } from '../network'
import { backpropagateClassScore, batchSizeOf } from './inspectionPass'
import { resizeBilinear } from './resize'

/** The last layer whose output still has a spatial extent: the usual Grad-CAM choice (messages, views). */
export function lastSpatialLayerIndex(network: Network): number | null {
  for (let index = network.layers.length - 1; index >= 0; index--) {
    const { height, width } = network.layers[index].outputShape
    if (height * width > 1) {
      return index
    }
  }
  return null
}

function assertSpatialLayer(network: Network, layerIndex: number): void {
  const count = network.layers.length
  assert(
    Number.isInteger(layerIndex) && layerIndex >= 0 && layerIndex < count,
    () => `gradCam: there is no layer ${layerIndex}; the layers are 0 to ${count - 1}`,
  )
  const layer = network.layers[layerIndex]
  const suggestion = lastSpatialLayerIndex(network)
  assert(
    layer.outputShape.height * layer.outputShape.width > 1,
    () =>
      `gradCam: layer ${layerIndex} (${layer.kind}) outputs ${formatShape(layer.outputShape)}, ` +
      `which has no spatial extent to localise in; ` +
      `choose a conv layer (or another layer before flatten or global pooling)` +
      (suggestion === null ? '' : `, e.g. layer ${suggestion} (${network.layers[suggestion].kind})`),
  )
}

/** (N, H, W) Grad-CAM maps in [0, 1] for class `classIndex` at layer `layerIndex`, for N input images. */
export function gradCam(
  network: Network,
  input: Float32Array,
  classIndex: number,
  layerIndex: number,
): Float32Array {
  const N = batchSizeOf(network, input, 'gradCam')
  assertSpatialLayer(network, layerIndex)
  // Copies: the layer reuses these buffers, and its output may be overwritten before backward reaches it.
  const captured: { activations?: Float32Array; gradients?: Float32Array } = {}
  backpropagateClassScore(network, input, classIndex, 'gradCam', {
    onLayerOutput: (index, values) => {
      if (index === layerIndex) {
        captured.activations = values.slice()
      }
    },
    onLayerGradient: (index, dOutput) => {
      if (index === layerIndex) {
        captured.gradients = dOutput.slice()
      }
    },
  })
  const { activations, gradients } = captured
  assert(
    activations !== undefined && gradients !== undefined,
    () => `gradCam: the network reported no output or gradient for layer ${layerIndex}`,
  )
  const { height: h, width: w, channels: K } = network.layers[layerIndex].outputShape
  const { height: H, width: W } = network.spec.input
  const maps = new Float32Array(N * H * W)
  const coarse = new Float32Array(h * w)
  for (let n = 0; n < N; n++) {
    camAtLayer(coarse, activations, gradients, n, K, h * w)
    const map = maps.subarray(n * H * W, (n + 1) * H * W)
    resizeBilinear(map, coarse, h, w, H, W)
    normalizeByMaximum(map)
  }
  return maps
}

/** coarse (h*w) = ReLU(Σ_k mean(dA_k) · A_k) for image n; A and dA are (N, K, h, w). */
function camAtLayer(
  coarse: Float32Array,
  activations: Float32Array,
  gradients: Float32Array,
  n: number,
  K: number,
  area: number,
): void {
  const sums = new Float64Array(area)
  for (let k = 0; k < K; k++) {
    const plane = (n * K + k) * area
    let weight = 0
    for (let i = 0; i < area; i++) {
      weight += gradients[plane + i]
    }
    weight /= area
    for (let i = 0; i < area; i++) {
      sums[i] += weight * activations[plane + i]
    }
  }
  for (let i = 0; i < area; i++) {
    coarse[i] = Math.max(0, sums[i])
  }
}

/** Divides by the maximum so the largest value is 1; leaves an all-zero map as it is. */
function normalizeByMaximum(map: Float32Array): void {
  let max = 0
  for (let i = 0; i < map.length; i++) {
    max = Math.max(max, map[i])
  }
  if (max > 0) {
    for (let i = 0; i < map.length; i++) {
      map[i] /= max
    }
  }
}

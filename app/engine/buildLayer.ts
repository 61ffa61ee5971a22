// One engine layer from one spec layer, with its initial weights. Shapes, defaults and the add layer's
// projection arrive worked out by shape inference (LayerInfo), so this file only picks the class and draws the
// weights: He-normal when the layer feeds a ReLU (possibly through batch norm or dropout), Glorot otherwise.

import type { LayerSpec, TensorShape } from '../model/networkSpec'
import { resolveLayer } from '../model/shapeInference'
import type { LayerInfo } from '../model/shapeInference'
import { assert } from './assert'
import { initializeWeights } from './initialization'
import type { Layer } from './layer'
import { ActivationLayer } from './layers/activationLayer'
import { AddLayer } from './layers/addLayer'
import { AvgPoolLayer } from './layers/avgPoolLayer'
import { BatchNormLayer } from './layers/batchNormLayer'
import { ConvLayer } from './layers/convLayer'
import { DenseLayer } from './layers/denseLayer'
import { DropoutLayer } from './layers/dropoutLayer'
import { FlattenLayer } from './layers/flattenLayer'
import { GlobalAvgPoolLayer } from './layers/globalAvgPoolLayer'
import { MaxPoolLayer } from './layers/maxPoolLayer'
import type { Random } from './random'

/** Whether the first layer after `index` that is not batch norm or dropout is a (leaky) ReLU. */
export function feedsRelu(layers: readonly LayerSpec[], index: number): boolean {
  for (let next = index + 1; next < layers.length; next++) {
    const kind = layers[next].kind
    if (kind !== 'batchNorm' && kind !== 'dropout') {
      return kind === 'relu' || kind === 'leakyRelu'
    }
  }
  return false
}

export type LayerContext = Readonly<{
  /** spec.layers, for looking ahead (initialisation) */
  layers: readonly LayerSpec[]
  /** shape inference's line for this layer and every earlier one (the add layer reads its source's) */
  infos: readonly LayerInfo[]
  input: TensorShape
  random: Random
}>

/** Builds layer `index` of the spec and initialises its weights from `random` (in layer order: seeds pin them). */
export function buildLayer(index: number, context: LayerContext): Layer {
  const { layers, infos, random } = context
  const info = infos[index]
  const inputShape = info.inputShape
  assert(inputShape !== null, 'buildLayer: a valid summary has every shape') // narrows the type
  const name = `layers.${index}`
  const isFollowedByRelu = feedsRelu(layers, index)
  const layer = resolveLayer(layers[index])
  switch (layer.kind) {
    case 'conv': {
      const conv = new ConvLayer(name, inputShape, layer)
      // One output value sees K*K*C inputs; one input value feeds K*K*OC outputs.
      const area = layer.kernelSize * layer.kernelSize
      const fanIn = area * inputShape.channels
      initializeWeights(conv.weights.value, fanIn, area * layer.filters, isFollowedByRelu, random)
      return conv
    }
    case 'dense': {
      const dense = new DenseLayer(name, inputShape, layer.units)
      initializeWeights(dense.weights.value, inputShape.channels, layer.units, isFollowedByRelu, random)
      return dense
    }
    case 'add': {
      assert(info.skipFrom !== null, 'buildLayer: a valid add layer has a skip source')
      const skipShape = info.skipFrom < 0 ? context.input : infos[info.skipFrom].outputShape
      assert(skipShape !== null, 'buildLayer: a valid summary has every shape')
      const add = new AddLayer(name, inputShape, skipShape, info.skipFrom, info.projectionStride)
      if (add.projection !== null) {
        const channels = [skipShape.channels, inputShape.channels] as const
        initializeWeights(add.projection.value, channels[0], channels[1], isFollowedByRelu, random)
      }
      return add
    }
    case 'maxPool':
      return new MaxPoolLayer(inputShape, layer)
    case 'avgPool':
      return new AvgPoolLayer(inputShape, layer)
    case 'globalAvgPool':
      return new GlobalAvgPoolLayer(inputShape)
    case 'batchNorm':
      return new BatchNormLayer(name, inputShape, layer)
    case 'dropout':
      return new DropoutLayer(inputShape, layer.rate, index)
    case 'relu':
    case 'sigmoid':
    case 'tanh':
      return new ActivationLayer(layer.kind, inputShape)
    case 'leakyRelu':
      return new ActivationLayer('leakyRelu', inputShape, layer.slope)
    case 'flatten':
      return new FlattenLayer(inputShape)
    case 'softmax':
      throw new Error('buildNetwork: softmax is fused into the loss and only allowed last')
  }
}

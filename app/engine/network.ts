// A network built from a NetworkSpec: a chain of layers with their parameters, run forward to class scores
// (logits) and backward from the loss gradient. The final softmax has no Layer object: training fuses it with
// cross-entropy (loss.ts), so layers[i] is built from spec.layers[i] and the list stops before the softmax.
// Not here: the loss, the optimiser, the training loop (training.ts), threads (worker/).

import type { LayerSpec, NetworkSpec, TensorShape } from '../model/networkSpec'
import { inferShapes, resolveLayer } from '../model/shapeInference'
import { assert } from './assert'
import { initializeWeights } from './initialization'
import { zeroGradients } from './layer'
import type { Layer, Param } from './layer'
import { ConvLayer } from './layers/convLayer'
import { DenseLayer } from './layers/denseLayer'
import { FlattenLayer } from './layers/flattenLayer'
import { MaxPoolLayer } from './layers/maxPoolLayer'
import { ReluLayer } from './layers/reluLayer'
import type { Random } from './random'
import { assertBatchLength, concatenate, splitInto } from './tensor'

export interface Network {
  readonly spec: NetworkSpec
  /** layers[i] is built from spec.layers[i]; the final softmax is fused into the loss and has no layer. */
  readonly layers: readonly Layer[]
  /** Units of the last dense layer: the number of classes. */
  readonly classCount: number
  /** Every trainable parameter, layer by layer, weights before bias. */
  params(): readonly Param[]
  parameterCount(): number
  /** input is (N, C, H, W) of spec.input; returns LOGITS (N, classCount), a buffer reused by the next call. */
  forward(input: Float32Array, batchSize: number): Float32Array
  /** dLogits is (N, classCount) for the last forward; accumulates (+=) into every Param.grad. */
  backward(dLogits: Float32Array): void
  zeroGrad(): void
  /** All parameter values concatenated in params() order (a copy). */
  getWeights(): Float32Array
  setWeights(weights: Float32Array): void
}

/** Checks the spec with inferShapes (throwing its first message), builds the layers and initialises them. */
export function buildNetwork(spec: NetworkSpec, random: Random): Network {
  const summary = inferShapes(spec)
  if (!summary.isValid) {
    throw new Error(summary.errors[0])
  }
  const layers: Layer[] = []
  for (let index = 0; index < spec.layers.length - 1; index++) {
    const inputShape = summary.layers[index].inputShape
    assert(inputShape !== null, 'buildNetwork: a valid summary has every shape') // narrows the type
    layers.push(
      createLayer(spec.layers[index], `layers.${index}`, inputShape, spec.layers[index + 1], random),
    )
  }
  const last = layers[layers.length - 1]
  return new SequentialNetwork(spec, layers, last.outputShape.channels)
}

/** Builds one layer and initialises its weights: He-normal when the next layer is a ReLU, else Glorot. */
function createLayer(
  spec: LayerSpec,
  name: string,
  inputShape: TensorShape,
  next: LayerSpec,
  random: Random,
): Layer {
  const layer = resolveLayer(spec)
  const isFollowedByRelu = next.kind === 'relu'
  switch (layer.kind) {
    case 'conv': {
      const conv = new ConvLayer(name, inputShape, layer)
      // One output value sees K*K*C inputs; one input value feeds K*K*OC outputs.
      const area = layer.kernelSize * layer.kernelSize
      initializeWeights(
        conv.weights.value,
        area * inputShape.channels,
        area * layer.filters,
        isFollowedByRelu,
        random,
      )
      return conv
    }
    case 'dense': {
      const dense = new DenseLayer(name, inputShape, layer.units)
      initializeWeights(dense.weights.value, inputShape.channels, layer.units, isFollowedByRelu, random)
      return dense
    }
    case 'maxPool':
      return new MaxPoolLayer(inputShape, layer)
    case 'relu':
      return new ReluLayer(inputShape)
    case 'flatten':
      return new FlattenLayer(inputShape)
    case 'softmax':
      throw new Error('buildNetwork: softmax is fused into the loss and only allowed last')
  }
}

class SequentialNetwork implements Network {
  private readonly allParams: readonly Param[]
  private batchSize = 0

  constructor(
    readonly spec: NetworkSpec,
    readonly layers: readonly Layer[],
    readonly classCount: number,
  ) {
    this.allParams = layers.flatMap((layer) => layer.params())
  }

  params(): readonly Param[] {
    return this.allParams
  }

  parameterCount(): number {
    return this.allParams.reduce((sum, param) => sum + param.value.length, 0)
  }

  forward(input: Float32Array, batchSize: number): Float32Array {
    assertBatchLength('Network.forward', input, batchSize, this.spec.input)
    let activations = input
    for (const layer of this.layers) {
      activations = layer.forward(activations, batchSize)
    }
    this.batchSize = batchSize
    return activations
  }

  backward(dLogits: Float32Array): void {
    assert(this.batchSize > 0, 'Network.backward: called before forward')
    assert(
      dLogits.length === this.batchSize * this.classCount,
      () =>
        `Network.backward: got ${dLogits.length} values, expected N*classCount = ${this.batchSize}*${this.classCount}`,
    )
    let gradient = dLogits
    for (let index = this.layers.length - 1; index >= 0; index--) {
      gradient = this.layers[index].backward(gradient)
    }
  }

  zeroGrad(): void {
    zeroGradients(this.allParams)
  }

  getWeights(): Float32Array {
    return concatenate(this.allParams.map((param) => param.value))
  }

  setWeights(weights: Float32Array): void {
    splitInto(
      this.allParams.map((param) => param.value),
      weights,
      `Network.setWeights (spec '${this.spec.name}')`,
    )
  }
}

// A network built from a NetworkSpec: a list of layers, made a graph by add layers that read an earlier layer's
// output, run forward to class scores (logits) and backward from the loss gradient. The final softmax has no
// Layer object: training fuses it with the loss (loss.ts), so layers[i] is built from spec.layers[i] and the list
// stops before the softmax. Parameters and state can be bound to flat shared buffers (bindBuffers) for threads.
// Not here: the loss, the optimiser, the training loop (training.ts), threads (worker/threads/).

import type { NetworkSpec } from '../model/networkSpec'
import { inferShapes } from '../model/shapeInference'
import { assert } from './assert'
import { buildLayer } from './buildLayer'
import { singleShardContext, zeroGradients } from './layer'
import type { ForwardContext, Layer, Param, StateBuffer } from './layer'
import { AddLayer } from './layers/addLayer'
import type { Random } from './random'
import { ScratchBuffer, assertBatchLength, concatenate, splitInto } from './tensor'

/** Called with each layer's output (forward) or the gradient at its output (backward); do not keep the array. */
export type LayerHook = (layerIndex: number, values: Float32Array) => void

/** Flat buffers holding every Param.value, Param.grad and StateBuffer.value, in params()/state() order. */
export type NetworkBuffers = Readonly<{ values: Float32Array; grads: Float32Array; state: Float32Array }>

export interface Network {
  readonly spec: NetworkSpec
  /** layers[i] is built from spec.layers[i]; the final softmax is fused into the loss and has no layer. */
  readonly layers: readonly Layer[]
  /** Units of the last dense layer: the number of classes. */
  readonly classCount: number
  /** Every trainable parameter, layer by layer, weights before bias. */
  params(): readonly Param[]
  parameterCount(): number
  /** Every state buffer (batch norm running statistics), layer by layer. */
  state(): readonly StateBuffer[]
  /**
   * input is (N, C, H, W) of spec.input; returns LOGITS (N, classCount), a buffer reused by the next call.
   * context defaults to inference on one thread; onLayerOutput sees every layer's output in order.
   */
  forward(input: Float32Array, batchSize: number, context?: ForwardContext, onLayerOutput?: LayerHook): Float32Array
  /**
   * dLogits is (N, classCount) for the last forward; accumulates (+=) into every Param.grad and returns the
   * gradient with respect to the network input (a reused buffer). context defaults to the last forward's;
   * onLayerGradient sees the gradient at each layer's output, last layer first.
   */
  backward(dLogits: Float32Array, context?: ForwardContext, onLayerGradient?: LayerHook): Float32Array
  zeroGrad(): void
  /** All parameter values concatenated in params() order (a copy). */
  getWeights(): Float32Array
  setWeights(weights: Float32Array): void
  /** All state buffers concatenated in state() order (a copy). */
  getState(): Float32Array
  setState(values: Float32Array): void
  /**
   * Re-points every Param.value/grad and StateBuffer.value at consecutive slices of the buffers (views, no copy):
   * afterwards the values already in the buffers ARE the weights. Lengths: valueCount() and stateCount().
   */
  bindBuffers(buffers: NetworkBuffers): void
  /** Length of the values and grads buffers: parameterCount(). */
  valueCount(): number
  stateCount(): number
}

/** Checks the spec with inferShapes (throwing its first message), builds the layers and initialises them. */
export function buildNetwork(spec: NetworkSpec, random: Random): Network {
  const summary = inferShapes(spec)
  if (!summary.isValid) {
    throw new Error(summary.errors[0])
  }
  const context = { layers: spec.layers, infos: summary.layers, input: spec.input, random }
  const layers = spec.layers.slice(0, -1).map((_, index) => buildLayer(index, context))
  return new GraphNetwork(spec, layers, layers[layers.length - 1].outputShape.channels)
}

type Valued = Readonly<{ value: Float32Array }>

function valuesOf(items: readonly Valued[]): Float32Array[] {
  return items.map((item) => item.value)
}

function totalLength(items: readonly Valued[]): number {
  return items.reduce((sum, item) => sum + item.value.length, 0)
}

/** Views of `buffer`, one per item, as long as the item's value and end to end in item order. */
function consecutiveViews(buffer: Float32Array, items: readonly Valued[]): Float32Array[] {
  let offset = 0
  return items.map((item) => {
    const view = buffer.subarray(offset, offset + item.value.length)
    offset += item.value.length
    return view
  })
}

class GraphNetwork implements Network {
  private readonly allParams: readonly Param[]
  private readonly allState: readonly StateBuffer[]
  /** outputs[i + 1] is layer i's last output, outputs[0] the last input: what add layers read. */
  private readonly outputs: Float32Array[]
  /** Gradient sums for the outputs that add layers read, by layer index + 1 (0: the network input). */
  private readonly skipGradients = new Map<number, ScratchBuffer>()
  private batchSize = 0
  private lastContext: ForwardContext | null = null

  constructor(
    readonly spec: NetworkSpec,
    readonly layers: readonly Layer[],
    readonly classCount: number,
  ) {
    this.allParams = layers.flatMap((layer) => layer.params())
    this.allState = layers.flatMap((layer) => layer.state())
    this.outputs = new Array<Float32Array>(layers.length + 1).fill(new Float32Array(0))
    for (const layer of layers) {
      if (layer instanceof AddLayer) {
        this.skipGradients.set(layer.skipFrom + 1, new ScratchBuffer())
      }
    }
  }

  params(): readonly Param[] {
    return this.allParams
  }

  parameterCount(): number {
    return totalLength(this.allParams)
  }

  state(): readonly StateBuffer[] {
    return this.allState
  }

  forward(
    input: Float32Array,
    batchSize: number,
    context?: ForwardContext,
    onLayerOutput?: LayerHook,
  ): Float32Array {
    assertBatchLength('Network.forward', input, batchSize, this.spec.input)
    const passContext = context ?? singleShardContext(batchSize, false)
    this.outputs[0] = input
    let activations = input
    this.layers.forEach((layer, index) => {
      if (layer instanceof AddLayer) {
        layer.setSkipInput(this.outputs[layer.skipFrom + 1])
      }
      activations = layer.forward(activations, batchSize, passContext)
      this.outputs[index + 1] = activations
      onLayerOutput?.(index, activations)
    })
    this.batchSize = batchSize
    this.lastContext = passContext
    return activations
  }

  backward(dLogits: Float32Array, context?: ForwardContext, onLayerGradient?: LayerHook): Float32Array {
    const passContext = context ?? this.lastContext
    assert(passContext !== null && this.batchSize > 0, 'Network.backward: called before forward')
    const expected = this.batchSize * this.classCount
    assert(
      dLogits.length === expected,
      () =>
        `Network.backward: got ${dLogits.length} values, ` +
        `expected N*classCount = ${this.batchSize}*${this.classCount}`,
    )
    for (const [slot, buffer] of this.skipGradients) {
      buffer.zeroed(this.outputs[slot].length)
    }
    let gradient = dLogits
    for (let index = this.layers.length - 1; index >= 0; index--) {
      gradient = this.withSkipGradient(index + 1, gradient)
      onLayerGradient?.(index, gradient)
      const layer = this.layers[index]
      const dInput = layer.backward(gradient, passContext)
      if (layer instanceof AddLayer) {
        this.addInto(layer.skipFrom + 1, layer.skipGradient())
      }
      gradient = dInput
    }
    return this.withSkipGradient(0, gradient)
  }

  zeroGrad(): void {
    zeroGradients(this.allParams)
  }

  getWeights(): Float32Array {
    return concatenate(valuesOf(this.allParams))
  }

  setWeights(weights: Float32Array): void {
    splitInto(valuesOf(this.allParams), weights, `Network.setWeights (spec '${this.spec.name}')`)
  }

  getState(): Float32Array {
    return concatenate(valuesOf(this.allState))
  }

  setState(values: Float32Array): void {
    splitInto(valuesOf(this.allState), values, `Network.setState (spec '${this.spec.name}')`)
  }

  bindBuffers(buffers: NetworkBuffers): void {
    const { values, grads, state } = buffers
    const count = this.valueCount()
    assert(
      values.length === count && grads.length === count && state.length === this.stateCount(),
      () =>
        `Network.bindBuffers: got values ${values.length}, grads ${grads.length}, state ${state.length}; ` +
        `expected ${count}, ${count} and ${this.stateCount()}`,
    )
    const valueViews = consecutiveViews(values, this.allParams)
    const gradViews = consecutiveViews(grads, this.allParams)
    this.allParams.forEach((param, index) => {
      param.value = valueViews[index]
      param.grad = gradViews[index]
    })
    const stateViews = consecutiveViews(state, this.allState)
    this.allState.forEach((buffer, index) => {
      buffer.value = stateViews[index]
    })
  }

  valueCount(): number {
    return this.parameterCount()
  }

  stateCount(): number {
    return totalLength(this.allState)
  }

  /** The gradient at output `slot`: the chain's, plus what add layers sent back along skip paths. */
  private withSkipGradient(slot: number, gradient: Float32Array): Float32Array {
    const buffer = this.skipGradients.get(slot)
    if (buffer === undefined) {
      return gradient
    }
    const sum = buffer.view(gradient.length)
    this.addInto(slot, gradient)
    return sum
  }

  private addInto(slot: number, gradient: Float32Array): void {
    const sum = this.skipGradients.get(slot)!.view(gradient.length)
    for (let i = 0; i < sum.length; i++) {
      sum[i] += gradient[i]
    }
  }
}

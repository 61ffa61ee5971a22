// Shapes, parameter counts and "why is this impossible" messages for a NetworkSpec, layer by layer. Pure: the
// editor calls it on every keystroke to show live shapes, and the trainer calls it before building a network.
// Layer defaults (stride, pad) are resolved here and nowhere else. It does not check where a spec came from;
// validateSpec.ts checks structure and types for specs that arrive from outside.

import type { LayerKind, LayerSpec, NetworkSpec, TensorShape } from './networkSpec'

export type LayerInfo = Readonly<{
  /** Position in spec.layers, from 0; messages call it "layer index+1". */
  index: number
  kind: LayerKind
  /** e.g. "conv 5×5, 6 filters, stride 1, pad 0". */
  label: string
  /** null when an earlier layer is impossible (its shape is unknown). */
  inputShape: TensorShape | null
  outputShape: TensorShape | null
  parameters: number
  error: string | null
}>

export type NetworkSummary = Readonly<{
  layers: readonly LayerInfo[]
  inputShape: TensorShape
  /** Output of the last layer; null if any layer is geometrically impossible. */
  outputShape: TensorShape | null
  totalParameters: number
  /** Every problem, each a sentence naming the layer number and kind, in layer order. */
  errors: readonly string[]
  isValid: boolean
}>

/** A layer spec with every default filled in. */
export type ResolvedLayerSpec =
  | Readonly<{ kind: 'conv'; filters: number; kernelSize: number; stride: number; pad: number }>
  | Readonly<{ kind: 'maxPool'; size: number; stride: number }>
  | Readonly<{ kind: 'dense'; units: number }>
  | Readonly<{ kind: 'relu' | 'flatten' | 'softmax' }>

/** The one place defaults live: conv stride 1, pad 0; max pool stride = size. */
export function resolveLayer(spec: LayerSpec): ResolvedLayerSpec {
  switch (spec.kind) {
    case 'conv': {
      const { filters, kernelSize, stride = 1, pad = 0 } = spec
      return { kind: 'conv', filters, kernelSize, stride, pad }
    }
    case 'maxPool': {
      const { size, stride = size } = spec
      return { kind: 'maxPool', size, stride }
    }
    case 'dense':
      return { kind: 'dense', units: spec.units }
    default:
      return { kind: spec.kind }
  }
}

/** "28×28×6": height × width × channels, as people read image sizes. */
export function formatShape(shape: TensorShape): string {
  return `${shape.height}×${shape.width}×${shape.channels}`
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

/** A short human label for one layer, with defaults resolved. */
export function describeLayer(spec: LayerSpec): string {
  const layer = resolveLayer(spec)
  switch (layer.kind) {
    case 'conv':
      return (
        `conv ${layer.kernelSize}×${layer.kernelSize}, ${plural(layer.filters, 'filter')}, ` +
        `stride ${layer.stride}, pad ${layer.pad}`
      )
    case 'maxPool':
      return `max pool ${layer.size}×${layer.size}, stride ${layer.stride}`
    case 'dense':
      return `dense, ${plural(layer.units, 'unit')}`
    default:
      return layer.kind
  }
}

/** What one layer does to a known input shape: outputShape null means the layer is impossible. */
type Step = { outputShape: TensorShape | null; parameters: number; error: string | null }

function wholeNumberError(name: string, value: number, min: number): string | null {
  return Number.isInteger(value) && value >= min
    ? null
    : `${name} must be a whole number ≥ ${min}, got ${value}`
}

function impossible(error: string): Step {
  return { outputShape: null, parameters: 0, error }
}

function stepLayer(
  layer: ResolvedLayerSpec,
  input: TensorShape,
  previous: LayerSpec | null,
  isLast: boolean,
): Step {
  const { height: H, width: W, channels: C } = input
  switch (layer.kind) {
    case 'conv': {
      const { filters: F, kernelSize: K, stride: S, pad: P } = layer
      const bad =
        wholeNumberError('filters', F, 1) ??
        wholeNumberError('kernel size', K, 1) ??
        wholeNumberError('stride', S, 1) ??
        wholeNumberError('pad', P, 0)
      if (bad !== null) {
        return impossible(bad)
      }
      if (K > H + 2 * P || K > W + 2 * P) {
        return impossible(
          `kernel ${K}×${K} is larger than its padded input ${H + 2 * P}×${W + 2 * P} (input ${H}×${W}, pad ${P})`,
        )
      }
      const outputShape = {
        height: Math.floor((H + 2 * P - K) / S) + 1,
        width: Math.floor((W + 2 * P - K) / S) + 1,
        channels: F,
      }
      return { outputShape, parameters: K * K * C * F + F, error: null }
    }
    case 'maxPool': {
      const { size: K, stride: S } = layer
      const bad = wholeNumberError('size', K, 1) ?? wholeNumberError('stride', S, 1)
      if (bad !== null) {
        return impossible(bad)
      }
      if (K > H || K > W) {
        return impossible(`pool window ${K}×${K} is larger than its input ${H}×${W}`)
      }
      const outputShape = {
        height: Math.floor((H - K) / S) + 1,
        width: Math.floor((W - K) / S) + 1,
        channels: C,
      }
      return { outputShape, parameters: 0, error: null }
    }
    case 'dense': {
      const bad = wholeNumberError('units', layer.units, 1)
      if (bad !== null) {
        return impossible(bad)
      }
      if (H !== 1 || W !== 1) {
        return impossible(`its input ${formatShape(input)} is not a vector: add a flatten layer before dense`)
      }
      const outputShape = { height: 1, width: 1, channels: layer.units }
      return { outputShape, parameters: C * layer.units + layer.units, error: null }
    }
    case 'flatten':
      return { outputShape: { height: 1, width: 1, channels: H * W * C }, parameters: 0, error: null }
    case 'relu':
      return { outputShape: input, parameters: 0, error: null }
    case 'softmax':
      // Misplacing softmax is not a geometric problem: the shape still flows on, so later layers keep their shapes.
      return { outputShape: input, parameters: 0, error: softmaxPlacementError(input, previous, isLast) }
  }
}

function softmaxPlacementError(
  input: TensorShape,
  previous: LayerSpec | null,
  isLast: boolean,
): string | null {
  if (!isLast) {
    return 'softmax must be the last layer (it turns the final class scores into probabilities)'
  }
  if (previous === null || previous.kind !== 'dense') {
    return `needs a dense layer right before it, with one unit per class (found ${previous?.kind ?? 'the input'})`
  }
  if (input.channels < 2) {
    return `needs at least 2 classes, got ${input.channels}: give the dense layer before it one unit per class`
  }
  return null
}

function inputError(input: TensorShape): string | null {
  const bad =
    wholeNumberError('height', input.height, 1) ??
    wholeNumberError('width', input.width, 1) ??
    wholeNumberError('channels', input.channels, 1)
  return bad === null ? null : `input: ${bad}`
}

/** Shapes, parameter counts and errors for every layer of the spec; never throws for any field values. */
export function inferShapes(spec: NetworkSpec): NetworkSummary {
  const errors: string[] = []
  const badInput = inputError(spec.input)
  if (badInput !== null) {
    errors.push(badInput)
  }
  let shape: TensorShape | null = badInput === null ? spec.input : null
  const layers: LayerInfo[] = spec.layers.map((layerSpec, index) => {
    const isLast = index === spec.layers.length - 1
    const previous = index > 0 ? spec.layers[index - 1] : null
    const inputShape = shape
    const step: Step =
      inputShape === null
        ? { outputShape: null, parameters: 0, error: null }
        : stepLayer(resolveLayer(layerSpec), inputShape, previous, isLast)
    if (step.error !== null) {
      errors.push(`layer ${index + 1} (${layerSpec.kind}): ${step.error}`)
    }
    shape = step.outputShape
    return { index, kind: layerSpec.kind, label: describeLayer(layerSpec), inputShape, ...step }
  })
  const last = spec.layers[spec.layers.length - 1]
  if (last === undefined) {
    errors.push(
      'the network has no layers: add some, ending with a dense layer (one unit per class) and softmax',
    )
  } else if (last.kind !== 'softmax') {
    errors.push(
      `the network must end with softmax after a dense layer with one unit per class; ` +
        `the last layer (${spec.layers.length}) is ${last.kind}`,
    )
  }
  return {
    layers,
    inputShape: spec.input,
    outputShape: shape,
    totalParameters: layers.reduce((sum, layer) => sum + layer.parameters, 0),
    errors,
    isValid: errors.length === 0,
  }
}

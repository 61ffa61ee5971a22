// Shapes, parameter counts, FLOPs, receptive fields and "why is this impossible" messages for a NetworkSpec, layer
// by layer. Pure: the editor calls it on every keystroke, the trainer before building a network, `cnn-studio
// model` to print a table. It does not check where a spec came from (validateSpec.ts does, for outside specs).
//
// FLOPs are per sample, counted as multiply-adds: conv OH·OW·OC·K·K·C, dense IN·OUT, an add's projection
// OH·OW·OC·C_skip (bias additions not counted). Cheap layers count one operation per value they touch: pooling
// one per window element (OH·OW·C·K²), global avg pool H·W·C, batch norm one multiply-add per value (its inference
// form y = a·x + b), activations and the add itself one per value, softmax one per class; dropout (identity at
// inference) and flatten count 0. Receptive field: size r and stride j in input pixels, from r = 1, j = 1 at the
// input with r_out = r_in + (K − 1)·j_in, j_out = j_in·S; global avg pool and flatten are one window over the whole
// map (K = S = its longer side); an add takes the larger r and j of its two paths (a projection multiplies j by s).

import type { LayerKind, LayerSpec, NetworkSpec, TensorShape } from './networkSpec'
import { formatShape, stepLayer } from './layerGeometry'
import type { ReceptiveField, SkipSource, Step } from './layerGeometry'
import { describeLayer, resolveLayer } from './resolveLayer'
import { linkLayers } from './specGraph'

export { formatShape } from './layerGeometry'
export type { ReceptiveField } from './layerGeometry'
export { describeLayer, resolveLayer } from './resolveLayer'
export type { ResolvedLayerSpec } from './resolveLayer'

export type LayerInfo = Readonly<{
  /** Position in spec.layers, from 0; messages call it "layer index+1". */
  index: number
  kind: LayerKind
  id: string | null
  /** e.g. "conv 5×5, 6 filters, stride 1, pad 0"; an add layer says whether it projects its skip path. */
  label: string
  /** null when an earlier layer is impossible (its shape is unknown). */
  inputShape: TensorShape | null
  outputShape: TensorShape | null
  parameters: number
  flops: number
  receptiveField: ReceptiveField | null
  /** add layers: the layer index whose output the skip path reads (−1 for the network input); null otherwise. */
  skipFrom: number | null
  /** add layers: the stride of the 1×1 projection on the skip path, null when the shapes already match. */
  projectionStride: number | null
  error: string | null
}>

export type NetworkSummary = Readonly<{
  layers: readonly LayerInfo[]
  inputShape: TensorShape
  /** Output of the last layer; null if any layer is geometrically impossible. */
  outputShape: TensorShape | null
  totalParameters: number
  totalFlops: number
  /** Every problem, each a sentence naming the layer number and kind, in layer order. */
  errors: readonly string[]
  isValid: boolean
}>

const INPUT_FIELD: ReceptiveField = { size: 1, stride: 1 }
const UNKNOWN: Step = {
  outputShape: null,
  parameters: 0,
  flops: 0,
  receptiveField: null,
  error: null,
  projectionStride: null,
}

function softmaxPlacementError(input: TensorShape, previous: LayerSpec | null, isLast: boolean): string | null {
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

type Output = Readonly<{ shape: TensorShape | null; field: ReceptiveField | null }>

/** The other input of an add layer, when its shape is known. */
function skipSource(layer: LayerSpec, skipFrom: number | null, outputs: readonly Output[]): SkipSource | null {
  if (layer.kind !== 'add' || skipFrom === null) {
    return null
  }
  const { shape, field } = outputs[skipFrom + 1]
  return shape !== null && field !== null ? { name: layer.from, shape, receptiveField: field } : null
}

function inputError(input: TensorShape): string | null {
  for (const [name, value] of Object.entries(input)) {
    if (!Number.isInteger(value) || value < 1) {
      return `input: ${name} must be a whole number ≥ 1, got ${value}`
    }
  }
  return null
}

function endError(layers: readonly LayerSpec[]): string | null {
  const last = layers[layers.length - 1]
  if (last === undefined) {
    return 'the network has no layers: add some, ending with a dense layer (one unit per class) and softmax'
  }
  return last.kind === 'softmax'
    ? null
    : `the network must end with softmax after a dense layer with one unit per class; ` +
        `the last layer (${layers.length}) is ${last.kind}`
}

/** Shapes, counts and errors for every layer of the spec; never throws for any field values. */
export function inferShapes(spec: NetworkSpec): NetworkSummary {
  const errors: string[] = []
  const badInput = inputError(spec.input)
  if (badInput !== null) {
    errors.push(badInput)
  }
  const links = linkLayers(spec.layers)
  // outputs[i + 1] is layer i's output; outputs[0] the network input (NETWORK_INPUT + 1).
  const outputs: Output[] = [
    { shape: badInput === null ? spec.input : null, field: INPUT_FIELD },
  ]
  const layers = spec.layers.map((layerSpec, index): LayerInfo => {
    const { shape: inputShape, field } = outputs[index]
    const { skipFrom, error: linkError } = links[index]
    const skip = skipSource(layerSpec, skipFrom, outputs)
    let step = UNKNOWN
    if (inputShape !== null && field !== null && (layerSpec.kind !== 'add' || skip !== null)) {
      step = stepLayer(resolveLayer(layerSpec), inputShape, field, skip)
    }
    if (layerSpec.kind === 'softmax' && inputShape !== null && step.error === null) {
      // Misplacing softmax is not a geometric problem: the shape still flows on to later layers.
      const previous = index > 0 ? spec.layers[index - 1] : null
      step = { ...step, error: softmaxPlacementError(inputShape, previous, index === spec.layers.length - 1) }
    }
    const error = linkError ?? step.error
    if (error !== null) {
      errors.push(`layer ${index + 1} (${layerSpec.kind}): ${error}`)
    }
    outputs.push({ shape: step.outputShape, field: step.receptiveField })
    return {
      index,
      kind: layerSpec.kind,
      id: layerSpec.id ?? null,
      label: describeLayer(layerSpec, step.projectionStride !== null),
      inputShape,
      outputShape: step.outputShape,
      parameters: step.parameters,
      flops: step.flops,
      receptiveField: step.receptiveField,
      skipFrom,
      projectionStride: step.projectionStride,
      error,
    }
  })
  const badEnd = endError(spec.layers)
  if (badEnd !== null) {
    errors.push(badEnd)
  }
  return {
    layers,
    inputShape: spec.input,
    outputShape: outputs[outputs.length - 1].shape,
    totalParameters: layers.reduce((sum, layer) => sum + layer.parameters, 0),
    totalFlops: layers.reduce((sum, layer) => sum + layer.flops, 0),
    errors,
    isValid: errors.length === 0,
  }
}

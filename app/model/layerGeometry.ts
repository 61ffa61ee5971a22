// What one layer does to a known input: output shape, parameter count, FLOPs, receptive field, or why it is
// impossible. Pure arithmetic on resolved specs; the walk over the network (ids, softmax placement, messages
// with layer numbers) is shapeInference.ts. Conventions (FLOPs, receptive field) are in that file's header.

import type { TensorShape } from './networkSpec'
import type { ResolvedLayerSpec } from './resolveLayer'

/** Receptive field of one output position, in input pixels: its side length and the step between neighbours. */
export type ReceptiveField = Readonly<{ size: number; stride: number }>

/** The output of an earlier layer that an add layer reads. */
export type SkipSource = Readonly<{ name: string; shape: TensorShape; receptiveField: ReceptiveField }>

export type Step = Readonly<{
  /** null when the layer is impossible for this input. */
  outputShape: TensorShape | null
  parameters: number
  /** Multiply-adds (or cheap operations) per sample. */
  flops: number
  receptiveField: ReceptiveField | null
  error: string | null
  /** add only: the stride of its 1×1 skip projection, or null when the shapes match and no projection is needed. */
  projectionStride: number | null
}>

function impossible(error: string): Step {
  return { outputShape: null, parameters: 0, flops: 0, receptiveField: null, error, projectionStride: null }
}

function fine(outputShape: TensorShape, parameters: number, flops: number, field: ReceptiveField): Step {
  return { outputShape, parameters, flops, receptiveField: field, error: null, projectionStride: null }
}

export function formatShape(shape: TensorShape): string {
  return `${shape.height}×${shape.width}×${shape.channels}`
}

function wholeNumberError(name: string, value: number, min: number): string | null {
  return Number.isInteger(value) && value >= min ? null : `${name} must be a whole number ≥ ${min}, got ${value}`
}

function rangeError(name: string, value: number, isValid: boolean, range: string): string | null {
  return isValid ? null : `${name} must be ${range}, got ${value}`
}

/** A K×K window moving by S: r_out = r_in + (K − 1)·j_in, j_out = j_in·S. */
function widen(field: ReceptiveField, kernelSize: number, stride: number): ReceptiveField {
  return { size: field.size + (kernelSize - 1) * field.stride, stride: field.stride * stride }
}

function slidingOutput(input: TensorShape, K: number, S: number, P: number, channels: number): TensorShape {
  return {
    height: Math.floor((input.height + 2 * P - K) / S) + 1,
    width: Math.floor((input.width + 2 * P - K) / S) + 1,
    channels,
  }
}

type ConvLayerSpec = Extract<ResolvedLayerSpec, { kind: 'conv' }>
type PoolLayerSpec = Extract<ResolvedLayerSpec, { kind: 'maxPool' | 'avgPool' }>

function sameError(padding: unknown, S: number, K: number): string | null {
  if (padding !== 'same') {
    return null
  }
  if (S !== 1) {
    return (
      `pad 'same' needs stride 1, got stride ${S}: with a larger stride no padding keeps the size, ` +
      `so give pad as a number`
    )
  }
  return K % 2 === 0 ? `pad 'same' needs an odd kernel size (equal padding on every side), got ${K}` : null
}

function convStep(layer: ConvLayerSpec, input: TensorShape, field: ReceptiveField): Step {
  const { filters: F, kernelSize: K, stride: S, pad: P, padding } = layer
  const { height: H, width: W, channels: C } = input
  const bad =
    wholeNumberError('filters', F, 1) ??
    wholeNumberError('kernel size', K, 1) ??
    wholeNumberError('stride', S, 1) ??
    sameError(padding, S, K) ??
    wholeNumberError('pad', P, 0)
  if (bad !== null) {
    return impossible(bad)
  }
  if (K > H + 2 * P || K > W + 2 * P) {
    return impossible(
      `kernel ${K}×${K} is larger than its padded input ${H + 2 * P}×${W + 2 * P} (input ${H}×${W}, pad ${P})`,
    )
  }
  const out = slidingOutput(input, K, S, P, F)
  const parameters = K * K * C * F + (layer.hasBias ? F : 0)
  return fine(out, parameters, out.height * out.width * F * K * K * C, widen(field, K, S))
}

function poolStep(layer: PoolLayerSpec, input: TensorShape, field: ReceptiveField): Step {
  const { size: K, stride: S, pad: P } = layer
  const { height: H, width: W, channels: C } = input
  const bad =
    wholeNumberError('size', K, 1) ??
    wholeNumberError('stride', S, 1) ??
    wholeNumberError('pad', P, 0) ??
    (2 * P > K
      ? `pad must be at most half the window size (as in PyTorch), got pad ${P} for a ${K}×${K} window`
      : null)
  if (bad !== null) {
    return impossible(bad)
  }
  if (K > H + 2 * P || K > W + 2 * P) {
    const padded = P > 0 ? ` (input ${H}×${W}, pad ${P})` : ''
    return impossible(`pool window ${K}×${K} is larger than its input ${H + 2 * P}×${W + 2 * P}${padded}`)
  }
  const out = slidingOutput(input, K, S, P, C)
  return fine(out, 0, out.height * out.width * C * K * K, widen(field, K, S))
}

/**
 * The stride s of a 1×1 convolution (no padding) that takes the skip shape to the main shape's height and width:
 * ceil(skip / s) = main on both axes. Null when there is none.
 */
export function projectionStride(skip: TensorShape, main: TensorShape): number | null {
  for (let s = 1; s <= Math.max(skip.height, skip.width); s++) {
    if (Math.ceil(skip.height / s) === main.height && Math.ceil(skip.width / s) === main.width) {
      return s
    }
  }
  return null
}

function addStep(input: TensorShape, field: ReceptiveField, skip: SkipSource): Step {
  const values = input.height * input.width * input.channels
  if (formatShape(skip.shape) === formatShape(input)) {
    const size = Math.max(field.size, skip.receptiveField.size)
    return fine(input, 0, values, { size, stride: Math.max(field.stride, skip.receptiveField.stride) })
  }
  const stride = projectionStride(skip.shape, input)
  if (stride === null) {
    return impossible(
      `the output of '${skip.name}' is ${formatShape(skip.shape)} and no 1×1 convolution with a whole-number ` +
        `stride s turns it into this path's ${formatShape(input)} (it would need ceil(${skip.shape.height}/s) = ` +
        `${input.height} and ceil(${skip.shape.width}/s) = ${input.width}); make the two paths' sizes match`,
    )
  }
  const projected = widen(skip.receptiveField, 1, stride)
  const weights = skip.shape.channels * input.channels
  return {
    ...fine(input, weights, values + values * skip.shape.channels, {
      size: Math.max(field.size, projected.size),
      stride: Math.max(field.stride, projected.stride),
    }),
    projectionStride: stride,
  }
}

/** One layer on a known input shape; `skip` is the add layer's other input (null for every other kind). */
export function stepLayer(
  layer: ResolvedLayerSpec,
  input: TensorShape,
  field: ReceptiveField,
  skip: SkipSource | null,
): Step {
  const { height: H, width: W, channels: C } = input
  const values = H * W * C
  const whole = widen(field, Math.max(H, W), Math.max(H, W)) // one output that sees every position
  switch (layer.kind) {
    case 'conv':
      return convStep(layer, input, field)
    case 'maxPool':
    case 'avgPool':
      return poolStep(layer, input, field)
    case 'globalAvgPool':
      return fine({ height: 1, width: 1, channels: C }, 0, values, whole)
    case 'flatten':
      return fine({ height: 1, width: 1, channels: values }, 0, 0, whole)
    case 'dense': {
      const bad = wholeNumberError('units', layer.units, 1)
      if (bad !== null) {
        return impossible(bad)
      }
      if (H !== 1 || W !== 1) {
        return impossible(
          `its input ${formatShape(input)} is not a vector: add a flatten layer before dense`,
        )
      }
      const out = { height: 1, width: 1, channels: layer.units }
      return fine(out, C * layer.units + layer.units, C * layer.units, field)
    }
    case 'batchNorm': {
      const { momentum, epsilon } = layer
      const bad =
        rangeError('momentum', momentum, momentum >= 0 && momentum <= 1, 'a number from 0 to 1') ??
        rangeError('epsilon', epsilon, epsilon > 0 && epsilon <= 1, 'a number greater than 0 and at most 1')
      return bad !== null ? impossible(bad) : fine(input, 2 * C, values, field)
    }
    case 'dropout': {
      const { rate } = layer
      const bad = rangeError('rate', rate, rate >= 0 && rate < 1, 'in [0, 1) (the fraction of values dropped)')
      return bad !== null ? impossible(bad) : fine(input, 0, 0, field)
    }
    case 'leakyRelu': {
      const bad = rangeError('slope', layer.slope, layer.slope >= 0 && layer.slope < 1, 'in [0, 1)')
      return bad !== null ? impossible(bad) : fine(input, 0, values, field)
    }
    case 'add':
      return skip === null ? impossible(`add needs the output of '${layer.from}'`) : addStep(input, field, skip)
    case 'relu':
    case 'sigmoid':
    case 'tanh':
    case 'softmax':
      return fine(input, 0, values, field)
  }
}

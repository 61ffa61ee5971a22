// Layer defaults, resolved in this one place, and the short human label of each layer. Pure and total: any field
// values resolve (impossible ones are shapeInference's to report), so the editor can label a half-typed layer.

import type { LayerSpec, Padding } from './networkSpec'

export const DEFAULT_LEAKY_SLOPE = 0.01
/** PyTorch's convention: running = (1 − momentum)·running + momentum·batch. */
export const DEFAULT_BATCH_NORM_MOMENTUM = 0.1
export const DEFAULT_BATCH_NORM_EPSILON = 1e-5

type Pooling = { size: number; stride: number; pad: number }

/** A layer spec with every default filled in (ids are not part of it: see the spec itself). */
export type ResolvedLayerSpec =
  | Readonly<{
      kind: 'conv'
      filters: number
      kernelSize: number
      stride: number
      /** Pixels of zero padding on every side; 'same' resolves to (kernelSize − 1) / 2 rounded down. */
      pad: number
      /** As written, for the label and for the check that 'same' has stride 1 and an odd kernel. */
      padding: Padding
      hasBias: boolean
    }>
  | Readonly<{ kind: 'maxPool' | 'avgPool' } & Pooling>
  | Readonly<{ kind: 'leakyRelu'; slope: number }>
  | Readonly<{ kind: 'batchNorm'; momentum: number; epsilon: number }>
  | Readonly<{ kind: 'dropout'; rate: number }>
  | Readonly<{ kind: 'dense'; units: number }>
  | Readonly<{ kind: 'add'; from: string }>
  | Readonly<{ kind: 'relu' | 'sigmoid' | 'tanh' | 'globalAvgPool' | 'flatten' | 'softmax' }>

/** Conv stride 1, pad 0, bias on; pool stride = size, pad 0; leaky slope 0.01; batch norm momentum 0.1, ε 1e-5. */
export function resolveLayer(spec: LayerSpec): ResolvedLayerSpec {
  switch (spec.kind) {
    case 'conv': {
      const { filters, kernelSize, stride = 1, pad: padding = 0, bias: hasBias = true } = spec
      const pad = padding === 'valid' ? 0 : padding === 'same' ? Math.floor((kernelSize - 1) / 2) : padding
      return { kind: 'conv', filters, kernelSize, stride, pad, padding, hasBias }
    }
    case 'maxPool':
    case 'avgPool': {
      const { size, stride = size, pad = 0 } = spec
      return { kind: spec.kind, size, stride, pad }
    }
    case 'leakyRelu':
      return { kind: 'leakyRelu', slope: spec.slope ?? DEFAULT_LEAKY_SLOPE }
    case 'batchNorm': {
      const { momentum = DEFAULT_BATCH_NORM_MOMENTUM, epsilon = DEFAULT_BATCH_NORM_EPSILON } = spec
      return { kind: 'batchNorm', momentum, epsilon }
    }
    case 'dropout':
      return { kind: 'dropout', rate: spec.rate }
    case 'dense':
      return { kind: 'dense', units: spec.units }
    case 'add':
      return { kind: 'add', from: spec.from }
    default:
      return { kind: spec.kind }
  }
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

/** 1e-5 rather than 0.00001. */
function formatSmall(value: number): string {
  return value !== 0 && Math.abs(value) < 1e-3 ? value.toExponential() : String(value)
}

function poolingLabel(name: string, layer: Pooling): string {
  const pad = layer.pad > 0 ? `, pad ${layer.pad}` : ''
  return `${name} ${layer.size}×${layer.size}, stride ${layer.stride}${pad}`
}

/**
 * A short human label for one layer, with defaults resolved. An add layer's label says whether its skip path
 * needs a projection, which only shape inference knows: it passes `hasProjection`.
 */
export function describeLayer(spec: LayerSpec, hasProjection = false): string {
  const layer = resolveLayer(spec)
  switch (layer.kind) {
    case 'conv': {
      const pad = layer.padding === 'same' ? `same (${layer.pad})` : String(layer.pad)
      const bias = layer.hasBias ? '' : ', no bias'
      return (
        `conv ${layer.kernelSize}×${layer.kernelSize}, ${plural(layer.filters, 'filter')}, ` +
        `stride ${layer.stride}, pad ${pad}${bias}`
      )
    }
    case 'maxPool':
      return poolingLabel('max pool', layer)
    case 'avgPool':
      // PyTorch's count_include_pad=True: a window over padding still divides by size².
      return poolingLabel('avg pool', layer) + (layer.pad > 0 ? ' (padding counted as zeros)' : '')
    case 'leakyRelu':
      return `leaky relu, slope ${layer.slope}`
    case 'globalAvgPool':
      return 'global avg pool'
    case 'batchNorm':
      return `batch norm, momentum ${layer.momentum}, ε ${formatSmall(layer.epsilon)}`
    case 'dropout':
      return `dropout, rate ${layer.rate}`
    case 'dense':
      return `dense, ${plural(layer.units, 'unit')}`
    case 'add':
      return hasProjection ? `add (1×1 projection of '${layer.from}')` : `add '${layer.from}'`
    default:
      return layer.kind
  }
}

// Structural checking of a NetworkSpec that arrives from outside (a JSON file, IPC, a WebSocket frame): types,
// known layer kinds, known keys, generous caps, and the id graph (unique ids, add.from naming an earlier layer),
// with messages naming the path and the value. It does not judge geometry (does the kernel fit?): callers run
// inferShapes on the result and check summary.isValid. The format is documented in docs/network-spec.md.

import { ValidationError } from '../protocol/errors'
import {
  expectArray,
  expectBoolean,
  expectInteger,
  expectOneOf,
  expectRecord,
  expectString,
  fail,
  optional,
} from '../protocol/validate'
import { LAYER_KINDS } from './networkSpec'
import type { LayerKind, LayerSpec, NetworkSpec, Padding, TensorShape } from './networkSpec'
import { linkLayers } from './specGraph'

/** Upper bounds that keep a hostile or corrupt spec from asking for absurd memory or time. */
export const SPEC_LIMITS = {
  layers: 200,
  nameLength: 200,
  idLength: 64,
  imageSide: 1024,
  channels: 4,
  filters: 4096,
  kernelSize: 64,
  stride: 64,
  pad: 64,
  poolSize: 64,
  units: 65_536,
} as const

const POOL_KEYS = ['kind', 'id', 'size', 'stride', 'pad']
const LAYER_KEYS: Readonly<Record<LayerKind, readonly string[]>> = {
  conv: ['kind', 'id', 'filters', 'kernelSize', 'stride', 'pad', 'bias'],
  relu: ['kind', 'id'],
  leakyRelu: ['kind', 'id', 'slope'],
  sigmoid: ['kind', 'id'],
  tanh: ['kind', 'id'],
  maxPool: POOL_KEYS,
  avgPool: POOL_KEYS,
  globalAvgPool: ['kind', 'id'],
  batchNorm: ['kind', 'id', 'momentum', 'epsilon'],
  dropout: ['kind', 'id', 'rate'],
  flatten: ['kind', 'id'],
  dense: ['kind', 'id', 'units'],
  add: ['kind', 'id', 'from'],
  softmax: ['kind', 'id'],
}

/** Unknown keys are refused rather than ignored, so a typo ("strides") never silently trains the default. */
function rejectUnknownKeys(
  record: Record<string, unknown>,
  path: string,
  known: readonly string[],
  what: string,
): void {
  for (const key of Object.keys(record)) {
    if (!known.includes(key)) {
      throw new ValidationError(
        `${path}: unknown key ${JSON.stringify(key)} for ${what} (known: ${known.join(', ')})`,
      )
    }
  }
}

/** A number in [0, 1), or [0, 1] when isOneIncluded; the message says which and what the number means. */
function expectFraction(value: unknown, path: string, what: string, isOneIncluded = false): number {
  const isValid =
    typeof value === 'number' && value >= 0 && (isOneIncluded ? value <= 1 : value < 1) // NaN fails both
  if (!isValid) {
    fail(path, value, `a number in [0, 1${isOneIncluded ? ']' : ')'} (${what})`)
  }
  return value
}

function expectPadding(value: unknown, path: string): Padding {
  if (value === 'same' || value === 'valid') {
    return value
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > SPEC_LIMITS.pad) {
    fail(path, value, `an integer from 0 to ${SPEC_LIMITS.pad}, 'same' or 'valid'`)
  }
  return value
}

function expectId(value: unknown, path: string): string {
  const id = expectString(value, path, { maxLength: SPEC_LIMITS.idLength })
  if (id.trim() === '' || id.trim() !== id) {
    fail(path, value, 'a non-empty name without spaces at either end')
  }
  return id
}

/** Copies the optional keys whose values are not undefined, so absent stays absent. */
function present<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>
}

function validateLayerFields(kind: LayerKind, record: Record<string, unknown>, path: string): LayerSpec {
  const stride = () => optional(record.stride, (v) => expectInteger(v, `${path}.stride`, 1, SPEC_LIMITS.stride))
  switch (kind) {
    case 'conv':
      return {
        kind,
        filters: expectInteger(record.filters, `${path}.filters`, 1, SPEC_LIMITS.filters),
        kernelSize: expectInteger(record.kernelSize, `${path}.kernelSize`, 1, SPEC_LIMITS.kernelSize),
        ...present({
          stride: stride(),
          pad: optional(record.pad, (v) => expectPadding(v, `${path}.pad`)),
          bias: optional(record.bias, (v) => expectBoolean(v, `${path}.bias`)),
        }),
      }
    case 'maxPool':
    case 'avgPool':
      return {
        kind,
        size: expectInteger(record.size, `${path}.size`, 1, SPEC_LIMITS.poolSize),
        ...present({
          stride: stride(),
          pad: optional(record.pad, (v) => expectInteger(v, `${path}.pad`, 0, SPEC_LIMITS.pad)),
        }),
      }
    case 'leakyRelu':
      return {
        kind,
        ...present({
          slope: optional(record.slope, (v) => expectFraction(v, `${path}.slope`, 'the slope for x < 0')),
        }),
      }
    case 'batchNorm':
      return {
        kind,
        ...present({
          momentum: optional(record.momentum, (v) =>
            expectFraction(v, `${path}.momentum`, 'the weight of each new batch, PyTorch convention', true),
          ),
          epsilon: optional(record.epsilon, (v) => {
            const epsilon = expectFraction(v, `${path}.epsilon`, 'added to the variance', true)
            return epsilon > 0 ? epsilon : fail(`${path}.epsilon`, v, 'a number greater than 0 and at most 1')
          }),
        }),
      }
    case 'dropout':
      return { kind, rate: expectFraction(record.rate, `${path}.rate`, 'the fraction of values dropped') }
    case 'dense':
      return { kind, units: expectInteger(record.units, `${path}.units`, 1, SPEC_LIMITS.units) }
    case 'add':
      return { kind, from: expectId(record.from, `${path}.from`) }
    case 'relu':
    case 'sigmoid':
    case 'tanh':
    case 'globalAvgPool':
    case 'flatten':
    case 'softmax':
      return { kind }
  }
}

export function validateTensorShape(value: unknown, path: string): TensorShape {
  const record = expectRecord(value, path)
  rejectUnknownKeys(record, path, ['height', 'width', 'channels'], 'an input shape')
  return {
    height: expectInteger(record.height, `${path}.height`, 1, SPEC_LIMITS.imageSide),
    width: expectInteger(record.width, `${path}.width`, 1, SPEC_LIMITS.imageSide),
    channels: expectInteger(record.channels, `${path}.channels`, 1, SPEC_LIMITS.channels),
  }
}

/** One layer on its own (its id is checked for form here, for uniqueness by validateNetworkSpec). */
export function validateLayerSpec(value: unknown, path: string): LayerSpec {
  const record = expectRecord(value, path)
  const kind = expectOneOf(record.kind, `${path}.kind`, LAYER_KINDS)
  rejectUnknownKeys(record, path, LAYER_KEYS[kind], `a ${kind} layer`)
  const id = optional(record.id, (v) => expectId(v, `${path}.id`))
  const fields = validateLayerFields(kind, record, path)
  // id first, as people write it; spread keeps the union member's type.
  return (id === undefined ? fields : { id, ...fields }) as LayerSpec
}

/** A fresh NetworkSpec holding only known keys, or a ValidationError naming the first bad value. */
export function validateNetworkSpec(value: unknown, path = 'spec'): NetworkSpec {
  const record = expectRecord(value, path)
  rejectUnknownKeys(record, path, ['name', 'input', 'layers'], 'a network spec')
  const name = expectString(record.name, `${path}.name`, { maxLength: SPEC_LIMITS.nameLength })
  const input = validateTensorShape(record.input, `${path}.input`)
  const items = expectArray(record.layers, `${path}.layers`, SPEC_LIMITS.layers)
  const layers = items.map((layer, index) => validateLayerSpec(layer, `${path}.layers[${index}]`))
  linkLayers(layers).forEach(({ error }, index) => {
    if (error !== null) {
      throw new ValidationError(`${path}.layers[${index}] (layer ${index + 1}): ${error}`)
    }
  })
  return { name, input, layers }
}

// Structural checking of a NetworkSpec that arrives from outside (a JSON file, IPC, a WebSocket frame): types,
// known layer kinds, known keys and generous caps, with messages naming the path and the value. It does not
// judge geometry (does the kernel fit?): callers run inferShapes on the result and check summary.isValid.

import { ValidationError } from '../protocol/errors'
import {
  expectArray,
  expectInteger,
  expectOneOf,
  expectRecord,
  expectString,
  optional,
} from '../protocol/validate'
import { LAYER_KINDS } from './networkSpec'
import type { LayerKind, LayerSpec, NetworkSpec, TensorShape } from './networkSpec'

/** Upper bounds that keep a hostile or corrupt spec from asking for absurd memory or time. */
export const SPEC_LIMITS = {
  layers: 200,
  nameLength: 200,
  imageSide: 1024,
  channels: 4,
  filters: 4096,
  kernelSize: 64,
  stride: 64,
  pad: 64,
  poolSize: 64,
  units: 65_536,
} as const

const LAYER_KEYS: Readonly<Record<LayerKind, readonly string[]>> = {
  conv: ['kind', 'filters', 'kernelSize', 'stride', 'pad'],
  relu: ['kind'],
  maxPool: ['kind', 'size', 'stride'],
  flatten: ['kind'],
  dense: ['kind', 'units'],
  softmax: ['kind'],
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

export function validateTensorShape(value: unknown, path: string): TensorShape {
  const record = expectRecord(value, path)
  rejectUnknownKeys(record, path, ['height', 'width', 'channels'], 'an input shape')
  return {
    height: expectInteger(record.height, `${path}.height`, 1, SPEC_LIMITS.imageSide),
    width: expectInteger(record.width, `${path}.width`, 1, SPEC_LIMITS.imageSide),
    channels: expectInteger(record.channels, `${path}.channels`, 1, SPEC_LIMITS.channels),
  }
}

export function validateLayerSpec(value: unknown, path: string): LayerSpec {
  const record = expectRecord(value, path)
  const kind = expectOneOf(record.kind, `${path}.kind`, LAYER_KINDS)
  rejectUnknownKeys(record, path, LAYER_KEYS[kind], `a ${kind} layer`)
  switch (kind) {
    case 'conv': {
      const stride = optional(record.stride, (v) => expectInteger(v, `${path}.stride`, 1, SPEC_LIMITS.stride))
      const pad = optional(record.pad, (v) => expectInteger(v, `${path}.pad`, 0, SPEC_LIMITS.pad))
      return {
        kind,
        filters: expectInteger(record.filters, `${path}.filters`, 1, SPEC_LIMITS.filters),
        kernelSize: expectInteger(record.kernelSize, `${path}.kernelSize`, 1, SPEC_LIMITS.kernelSize),
        ...(stride === undefined ? {} : { stride }),
        ...(pad === undefined ? {} : { pad }),
      }
    }
    case 'maxPool': {
      const size = expectInteger(record.size, `${path}.size`, 1, SPEC_LIMITS.poolSize)
      const stride = optional(record.stride, (v) => expectInteger(v, `${path}.stride`, 1, SPEC_LIMITS.stride))
      return { kind, size, ...(stride === undefined ? {} : { stride }) }
    }
    case 'dense':
      return { kind, units: expectInteger(record.units, `${path}.units`, 1, SPEC_LIMITS.units) }
    default:
      return { kind }
  }
}

/** A fresh NetworkSpec holding only known keys, or a ValidationError naming the first bad value. */
export function validateNetworkSpec(value: unknown, path = 'spec'): NetworkSpec {
  const record = expectRecord(value, path)
  rejectUnknownKeys(record, path, ['name', 'input', 'layers'], 'a network spec')
  const layers = expectArray(record.layers, `${path}.layers`, SPEC_LIMITS.layers)
  return {
    name: expectString(record.name, `${path}.name`, { maxLength: SPEC_LIMITS.nameLength }),
    input: validateTensorShape(record.input, `${path}.input`),
    layers: layers.map((layer, index) => validateLayerSpec(layer, `${path}.layers[${index}]`)),
  }
}

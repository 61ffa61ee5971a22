import { describe, expect, test } from 'vitest'
import { ValidationError } from '../../../app/protocol/errors'
import { presetSpec } from '../../../app/model/presets'
import { validateNetworkSpec } from '../../../app/model/validateSpec'

const LENET = presetSpec('lenet', { height: 28, width: 28, channels: 1 }, 10)

function withLayer(layer: unknown): unknown {
  return { ...LENET, layers: [layer, ...LENET.layers.slice(1)] }
}

describe('validateNetworkSpec', () => {
  test('accepts a valid spec and returns an equal, fresh object', () => {
    const json = JSON.parse(JSON.stringify(LENET))
    const result = validateNetworkSpec(json)
    expect(result).toEqual(LENET)
    expect(result).not.toBe(json)
  })

  test('keeps optional fields absent when they are absent', () => {
    const result = validateNetworkSpec(withLayer({ kind: 'conv', filters: 6, kernelSize: 5 }))
    expect(result.layers[0]).toEqual({ kind: 'conv', filters: 6, kernelSize: 5 })
    expect(Object.keys(result.layers[0])).toEqual(['kind', 'filters', 'kernelSize'])
  })

  test.each([
    { label: 'a non-object', value: 42, message: 'spec: got 42, expected an object' },
    { label: 'an array', value: [], message: 'spec: got an array of 0, expected an object' },
    {
      label: 'an unknown layer kind',
      value: withLayer({ kind: 'lstm' }),
      message:
        'spec.layers[0].kind: got "lstm", expected one of "conv", "relu", "leakyRelu", "sigmoid", "tanh", "maxPool", ' +
        '"avgPool", "globalAvgPool", "batchNorm", "dropout", "flatten", "dense", "add", "softmax"',
    },
    {
      label: 'a negative stride',
      value: withLayer({ kind: 'conv', filters: 6, kernelSize: 5, stride: -1 }),
      message: 'spec.layers[0].stride: got -1, expected an integer from 1 to 64',
    },
    {
      label: 'zero filters',
      value: withLayer({ kind: 'conv', filters: 0, kernelSize: 5 }),
      message: 'spec.layers[0].filters: got 0, expected an integer from 1 to 4096',
    },
    {
      label: 'NaN units',
      value: withLayer({ kind: 'dense', units: NaN }),
      message: 'spec.layers[0].units: got NaN, expected an integer from 1 to 65536',
    },
    {
      label: 'a string kernel size',
      value: withLayer({ kind: 'conv', filters: 6, kernelSize: '5' }),
      message: 'spec.layers[0].kernelSize: got "5", expected an integer from 1 to 64',
    },
    {
      label: 'a huge kernel',
      value: withLayer({ kind: 'conv', filters: 6, kernelSize: 65 }),
      message: 'spec.layers[0].kernelSize: got 65, expected an integer from 1 to 64',
    },
    {
      label: 'a misspelt key',
      value: withLayer({ kind: 'conv', filters: 6, kernelSize: 5, strides: 2 }),
      message:
        'spec.layers[0]: unknown key "strides" for a conv layer (known: kind, id, filters, kernelSize, stride, pad, bias)',
    },
    {
      label: 'an input too large',
      value: { ...LENET, input: { height: 2048, width: 28, channels: 1 } },
      message: 'spec.input.height: got 2048, expected an integer from 1 to 1024',
    },
    {
      label: 'five channels',
      value: { ...LENET, input: { height: 28, width: 28, channels: 5 } },
      message: 'spec.input.channels: got 5, expected an integer from 1 to 4',
    },
    {
      label: 'too many layers',
      value: { ...LENET, layers: new Array(201).fill({ kind: 'relu' }) },
      message: 'spec.layers: got an array of 201, expected an array of at most 200 items',
    },
    {
      label: 'a missing name',
      value: { input: LENET.input, layers: LENET.layers },
      message: 'spec.name: got nothing, expected a string of at most 200 characters',
    },
    {
      label: 'a null layer',
      value: withLayer(null),
      message: 'spec.layers[0]: got null, expected an object',
    },
    {
      label: 'an unknown padding mode',
      value: withLayer({ kind: 'conv', filters: 6, kernelSize: 5, pad: 'full' }),
      message: `spec.layers[0].pad: got "full", expected an integer from 0 to 64, 'same' or 'valid'`,
    },
    {
      label: 'a bias that is not a boolean',
      value: withLayer({ kind: 'conv', filters: 6, kernelSize: 5, bias: 'no' }),
      message: 'spec.layers[0].bias: got "no", expected true or false',
    },
    {
      label: 'a dropout rate of 1',
      value: withLayer({ kind: 'dropout', rate: 1 }),
      message: 'spec.layers[0].rate: got 1, expected a number in [0, 1) (the fraction of values dropped)',
    },
    {
      label: 'a missing dropout rate',
      value: withLayer({ kind: 'dropout' }),
      message: 'spec.layers[0].rate: got nothing, expected a number in [0, 1) (the fraction of values dropped)',
    },
    {
      label: 'a NaN leaky slope',
      value: withLayer({ kind: 'leakyRelu', slope: NaN }),
      message: 'spec.layers[0].slope: got NaN, expected a number in [0, 1) (the slope for x < 0)',
    },
    {
      label: 'a batch-norm epsilon of 0',
      value: withLayer({ kind: 'batchNorm', epsilon: 0 }),
      message: 'spec.layers[0].epsilon: got 0, expected a number greater than 0 and at most 1',
    },
    {
      label: 'a negative pool padding',
      value: withLayer({ kind: 'avgPool', size: 2, pad: -1 }),
      message: 'spec.layers[0].pad: got -1, expected an integer from 0 to 64',
    },
    {
      label: 'an empty id',
      value: withLayer({ kind: 'relu', id: '' }),
      message: 'spec.layers[0].id: got "", expected a non-empty name without spaces at either end',
    },
    {
      label: 'an add without from',
      value: withLayer({ kind: 'add' }),
      message: 'spec.layers[0].from: got nothing, expected a string of at most 64 characters',
    },
    {
      label: 'an add from an unknown id',
      value: { ...LENET, layers: [{ kind: 'relu', id: 'a' }, { kind: 'add', from: 'b' }, ...LENET.layers] },
      message: "spec.layers[1] (layer 2): from 'b' names no layer (known ids: 'input', 'a')",
    },
    {
      label: 'duplicate ids',
      value: { ...LENET, layers: [{ kind: 'relu', id: 'a' }, { kind: 'relu', id: 'a' }, ...LENET.layers] },
      message: "spec.layers[1] (layer 2): id 'a' is already used by layer 1: ids must be unique",
    },
  ])('rejects $label with a message naming the value', ({ value, message }) => {
    expect(() => validateNetworkSpec(value)).toThrow(new ValidationError(message))
  })

  test.each(['resnetSmall', 'vggSmall', 'alexnet'] as const)(
    'accepts the %s preset (ids, add, batch norm, dropout, padding modes) as JSON',
    (name) => {
      const preset = presetSpec(name, { height: 32, width: 32, channels: 3 }, 10)
      expect(validateNetworkSpec(JSON.parse(JSON.stringify(preset)))).toEqual(preset)
    },
  )

  test('throws a ValidationError and uses the given path', () => {
    expect(() => validateNetworkSpec(42)).toThrow(ValidationError)
    expect(() => validateNetworkSpec(null, 'command.spec')).toThrow(
      'command.spec: got null, expected an object',
    )
  })

  test('does not judge geometry (that is inferShapes): a 64×64 kernel on a 28×28 input is structurally fine', () => {
    expect(() => validateNetworkSpec(withLayer({ kind: 'conv', filters: 6, kernelSize: 64 }))).not.toThrow()
  })
})

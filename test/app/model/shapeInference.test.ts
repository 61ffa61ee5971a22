import { describe, expect, test } from 'vitest'
import type { LayerSpec, NetworkSpec, TensorShape } from '../../../app/model/networkSpec'
import { presetSpec } from '../../../app/model/presets'
import { describeLayer, formatShape, inferShapes, resolveLayer } from '../../../app/model/shapeInference'

const HEAD: readonly LayerSpec[] = [{ kind: 'flatten' }, { kind: 'dense', units: 3 }, { kind: 'softmax' }]

function spec(input: TensorShape, layers: readonly LayerSpec[]): NetworkSpec {
  return { name: 'test', input, layers }
}

describe('inferShapes', () => {
  test('LeNet on 28×28×1: every shape and the parameter counts from the formulas', () => {
    const summary = inferShapes(presetSpec('lenet', { height: 28, width: 28, channels: 1 }, 10))
    expect(summary.errors).toEqual([])
    expect(summary.isValid).toBe(true)
    expect(summary.layers.map((layer) => layer.outputShape && formatShape(layer.outputShape))).toEqual([
      '28×28×6',
      '28×28×6',
      '14×14×6',
      '10×10×16',
      '10×10×16',
      '5×5×16',
      '1×1×400',
      '1×1×120',
      '1×1×120',
      '1×1×84',
      '1×1×84',
      '1×1×10',
      '1×1×10',
    ])
    // conv = K·K·C·F + F; dense = in·units + units
    const conv1 = 5 * 5 * 1 * 6 + 6
    const conv2 = 5 * 5 * 6 * 16 + 16
    const dense1 = 5 * 5 * 16 * 120 + 120
    const dense2 = 120 * 84 + 84
    const dense3 = 84 * 10 + 10
    expect(summary.layers.map((layer) => layer.parameters)).toEqual([
      conv1,
      0,
      0,
      conv2,
      0,
      0,
      0,
      dense1,
      0,
      dense2,
      0,
      dense3,
      0,
    ])
    expect(summary.totalParameters).toBe(conv1 + conv2 + dense1 + dense2 + dense3)
    expect(summary.outputShape).toEqual({ height: 1, width: 1, channels: 10 })
  })

  test('conv output = floor((H + 2·pad − K) / stride) + 1 on each axis; stride and pad default to 1 and 0', () => {
    const summary = inferShapes(
      spec({ height: 7, width: 10, channels: 2 }, [
        { kind: 'conv', filters: 4, kernelSize: 3, stride: 2, pad: 1 }, // (7+2−3)/2+1 = 4, (10+2−3)/2+1 = 5
        { kind: 'conv', filters: 5, kernelSize: 2 }, // 3, 4
        { kind: 'maxPool', size: 2, stride: 1 }, // 2, 3
        ...HEAD,
      ]),
    )
    expect(summary.layers.slice(0, 3).map((layer) => layer.outputShape)).toEqual([
      { height: 4, width: 5, channels: 4 },
      { height: 3, width: 4, channels: 5 },
      { height: 2, width: 3, channels: 5 },
    ])
    expect(summary.layers[1].label).toBe('conv 2×2, 5 filters, stride 1, pad 0')
  })

  test('an impossible conv is named with its sizes, and the layers after it have no shape', () => {
    const summary = inferShapes(
      spec({ height: 5, width: 5, channels: 1 }, [
        { kind: 'relu' },
        { kind: 'relu' },
        { kind: 'conv', filters: 2, kernelSize: 7 },
        ...HEAD,
      ]),
    )
    expect(summary.errors).toEqual([
      'layer 3 (conv): kernel 7×7 is larger than its padded input 5×5 (input 5×5, pad 0)',
    ])
    expect(summary.isValid).toBe(false)
    expect(summary.layers[2]).toMatchObject({
      inputShape: { height: 5, width: 5, channels: 1 },
      outputShape: null,
    })
    expect(
      summary.layers.slice(3).map((layer) => [layer.inputShape, layer.outputShape, layer.error]),
    ).toEqual([
      [null, null, null],
      [null, null, null],
      [null, null, null],
    ])
    expect(summary.outputShape).toBeNull()
  })

  test.each([
    {
      label: 'pool window larger than its input',
      layers: [{ kind: 'maxPool', size: 4 }, ...HEAD],
      error: 'layer 1 (maxPool): pool window 4×4 is larger than its input 3×3',
    },
    {
      label: 'dense on a spatial tensor',
      layers: [{ kind: 'dense', units: 3 }, { kind: 'softmax' }],
      error: 'layer 1 (dense): its input 3×3×2 is not a vector: add a flatten layer before dense',
    },
    {
      label: 'softmax in the middle',
      layers: [{ kind: 'softmax' }, ...HEAD],
      error:
        'layer 1 (softmax): softmax must be the last layer (it turns the final class scores into probabilities)',
    },
    {
      label: 'softmax without a dense layer before it',
      layers: [{ kind: 'flatten' }, { kind: 'softmax' }],
      error:
        'layer 2 (softmax): needs a dense layer right before it, with one unit per class (found flatten)',
    },
    {
      label: 'a single class',
      layers: [{ kind: 'flatten' }, { kind: 'dense', units: 1 }, { kind: 'softmax' }],
      error:
        'layer 3 (softmax): needs at least 2 classes, got 1: give the dense layer before it one unit per class',
    },
    {
      label: 'no softmax at the end',
      layers: [{ kind: 'flatten' }, { kind: 'dense', units: 3 }],
      error:
        'the network must end with softmax after a dense layer with one unit per class; the last layer (2) is dense',
    },
    {
      label: 'no layers',
      layers: [],
      error:
        'the network has no layers: add some, ending with a dense layer (one unit per class) and softmax',
    },
    {
      label: 'zero filters',
      layers: [{ kind: 'conv', filters: 0, kernelSize: 3 }, ...HEAD],
      error: 'layer 1 (conv): filters must be a whole number ≥ 1, got 0',
    },
    {
      label: 'a negative pad',
      layers: [{ kind: 'conv', filters: 2, kernelSize: 3, pad: -1 }, ...HEAD],
      error: 'layer 1 (conv): pad must be a whole number ≥ 0, got -1',
    },
  ] as const)('error: $label', ({ layers, error }) => {
    const summary = inferShapes(spec({ height: 3, width: 3, channels: 2 }, layers))
    expect(summary.errors).toEqual([error])
    expect(summary.isValid).toBe(false)
  })

  test('a misplaced softmax keeps the shapes flowing for the layers after it', () => {
    const summary = inferShapes(spec({ height: 3, width: 3, channels: 2 }, [{ kind: 'softmax' }, ...HEAD]))
    expect(summary.layers[0].error).toMatch(/must be the last layer/)
    expect(summary.outputShape).toEqual({ height: 1, width: 1, channels: 3 })
  })

  test('a bad input shape is reported and leaves every layer without a shape', () => {
    const summary = inferShapes(spec({ height: 0, width: 3, channels: 1 }, HEAD))
    expect(summary.errors).toEqual(['input: height must be a whole number ≥ 1, got 0'])
    expect(summary.layers.every((layer) => layer.outputShape === null)).toBe(true)
  })
})

test('resolveLayer fills defaults; describeLayer labels layers', () => {
  expect(resolveLayer({ kind: 'conv', filters: 1, kernelSize: 5 })).toEqual({
    kind: 'conv',
    filters: 1,
    kernelSize: 5,
    stride: 1,
    pad: 0,
    padding: 0,
    hasBias: true,
  })
  expect(resolveLayer({ kind: 'conv', filters: 1, kernelSize: 5, pad: 'same' })).toMatchObject({ pad: 2 })
  expect(resolveLayer({ kind: 'conv', filters: 1, kernelSize: 5, pad: 'valid' })).toMatchObject({ pad: 0 })
  expect(resolveLayer({ kind: 'maxPool', size: 3 })).toEqual({ kind: 'maxPool', size: 3, stride: 3, pad: 0 })
  const avgPool = { kind: 'avgPool', size: 3, stride: 1, pad: 1 } as const
  expect(resolveLayer(avgPool)).toEqual(avgPool)
  expect(resolveLayer({ kind: 'leakyRelu' })).toEqual({ kind: 'leakyRelu', slope: 0.01 })
  expect(resolveLayer({ kind: 'batchNorm' })).toEqual({ kind: 'batchNorm', momentum: 0.1, epsilon: 1e-5 })
  const labels: [LayerSpec, string][] = [
    [{ kind: 'conv', filters: 6, kernelSize: 5 }, 'conv 5×5, 6 filters, stride 1, pad 0'],
    [{ kind: 'conv', filters: 1, kernelSize: 3, stride: 2, pad: 1 }, 'conv 3×3, 1 filter, stride 2, pad 1'],
    [
      { kind: 'conv', filters: 8, kernelSize: 3, pad: 'same', bias: false },
      'conv 3×3, 8 filters, stride 1, pad same (1), no bias',
    ],
    [{ kind: 'maxPool', size: 2 }, 'max pool 2×2, stride 2'],
    [{ kind: 'maxPool', size: 3, stride: 2, pad: 1 }, 'max pool 3×3, stride 2, pad 1'],
    [{ kind: 'avgPool', size: 2 }, 'avg pool 2×2, stride 2'],
    [{ kind: 'avgPool', size: 3, stride: 1, pad: 1 }, 'avg pool 3×3, stride 1, pad 1 (padding counted as zeros)'],
    [{ kind: 'globalAvgPool' }, 'global avg pool'],
    [{ kind: 'leakyRelu', slope: 0.2 }, 'leaky relu, slope 0.2'],
    [{ kind: 'batchNorm' }, 'batch norm, momentum 0.1, ε 1e-5'],
    [{ kind: 'dropout', rate: 0.5 }, 'dropout, rate 0.5'],
    [{ kind: 'dense', units: 1 }, 'dense, 1 unit'],
    [{ kind: 'add', from: 'block1' }, "add 'block1'"],
    [{ kind: 'flatten' }, 'flatten'],
    [{ kind: 'tanh', id: 't' }, 'tanh'],
  ]
  expect(labels.map(([layer]) => describeLayer(layer))).toEqual(labels.map(([, label]) => label))
  expect(describeLayer({ kind: 'add', from: 'block1' }, true)).toBe("add (1×1 projection of 'block1')")
})

test('formatShape writes height×width×channels', () => {
  expect(formatShape({ height: 28, width: 27, channels: 6 })).toBe('28×27×6')
})

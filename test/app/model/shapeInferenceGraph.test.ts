// Shape inference for the layer kinds beyond the first release: padding modes, pooling with padding, global
// pooling, batch norm, dropout, activations, and the add/id graph; plus FLOPs and receptive fields.

import { describe, expect, test } from 'vitest'
import type { LayerSpec, NetworkSpec, TensorShape } from '../../../app/model/networkSpec'
import { formatShape, inferShapes } from '../../../app/model/shapeInference'

const HEAD: readonly LayerSpec[] = [{ kind: 'flatten' }, { kind: 'dense', units: 3 }, { kind: 'softmax' }]

function spec(input: TensorShape, layers: readonly LayerSpec[]): NetworkSpec {
  return { name: 'test', input, layers }
}

function shapes(input: TensorShape, layers: readonly LayerSpec[]): (string | null)[] {
  return inferShapes(spec(input, [...layers, ...HEAD])).layers
    .slice(0, layers.length)
    .map((layer) => layer.outputShape && formatShape(layer.outputShape))
}

function errorsOf(input: TensorShape, layers: readonly LayerSpec[]): readonly string[] {
  return inferShapes(spec(input, [...layers, ...HEAD])).errors
}

const MAP = { height: 7, width: 6, channels: 2 }

describe('shapes of the new kinds', () => {
  test("conv pad 'same' keeps the size for odd kernels; 'valid' is pad 0; bias: false drops OC parameters", () => {
    expect(shapes(MAP, [{ kind: 'conv', filters: 4, kernelSize: 5, pad: 'same' }])).toEqual(['7×6×4'])
    expect(shapes(MAP, [{ kind: 'conv', filters: 4, kernelSize: 3, pad: 'valid' }])).toEqual(['5×4×4'])
    const summary = inferShapes(spec(MAP, [{ kind: 'conv', filters: 4, kernelSize: 3, bias: false }, ...HEAD]))
    expect(summary.layers[0].parameters).toBe(3 * 3 * 2 * 4)
  })

  test('pooling with padding, global average pooling, and the shape-keeping layers', () => {
    const layers: LayerSpec[] = [
      { kind: 'maxPool', size: 3, stride: 2, pad: 1 }, // floor((7 + 2 − 3) / 2) + 1 = 4, floor((6 + 2 − 3) / 2) + 1 = 3
      { kind: 'avgPool', size: 2, stride: 1, pad: 1 }, // 5, 4
      { kind: 'batchNorm' },
      { kind: 'leakyRelu' },
      { kind: 'sigmoid' },
      { kind: 'tanh' },
      { kind: 'dropout', rate: 0.5 },
      { kind: 'globalAvgPool' },
      { kind: 'batchNorm' },
    ]
    expect(shapes(MAP, layers)).toEqual(['4×3×2', ...new Array(6).fill('5×4×2'), '1×1×2', '1×1×2'])
    const summary = inferShapes(spec(MAP, [...layers, ...HEAD]))
    expect(summary.layers.map((layer) => layer.parameters).slice(0, layers.length)).toEqual([0, 0, 4, 0, 0, 0, 0, 0, 4])
  })

  test('global avg pool makes a vector: dense may follow it directly', () => {
    const summary = inferShapes(spec(MAP, [{ kind: 'globalAvgPool' }, ...HEAD.slice(1)]))
    expect(summary.errors).toEqual([])
  })
})

describe('errors of the new kinds', () => {
  test.each([
    [
      "pad 'same' with stride 2",
      { kind: 'conv', filters: 2, kernelSize: 3, stride: 2, pad: 'same' },
      "layer 1 (conv): pad 'same' needs stride 1, got stride 2: " +
        'with a larger stride no padding keeps the size, so give pad as a number',
    ],
    [
      "pad 'same' with an even kernel",
      { kind: 'conv', filters: 2, kernelSize: 4, pad: 'same' },
      "layer 1 (conv): pad 'same' needs an odd kernel size (equal padding on every side), got 4",
    ],
    [
      'a negative stride',
      { kind: 'conv', filters: 2, kernelSize: 3, stride: -1 },
      'layer 1 (conv): stride must be a whole number ≥ 1, got -1',
    ],
    [
      'pool padding over half the window',
      { kind: 'maxPool', size: 2, pad: 2 },
      'layer 1 (maxPool): pad must be at most half the window size (as in PyTorch), got pad 2 for a 2×2 window',
    ],
    [
      'a padded pool window still too large',
      { kind: 'avgPool', size: 10, pad: 1 },
      'layer 1 (avgPool): pool window 10×10 is larger than its input 9×8 (input 7×6, pad 1)',
    ],
    [
      'dropout rate 1',
      { kind: 'dropout', rate: 1 },
      'layer 1 (dropout): rate must be in [0, 1) (the fraction of values dropped), got 1',
    ],
    [
      'a negative leaky slope',
      { kind: 'leakyRelu', slope: -0.1 },
      'layer 1 (leakyRelu): slope must be in [0, 1), got -0.1',
    ],
    [
      'batch norm epsilon 0',
      { kind: 'batchNorm', epsilon: 0 },
      'layer 1 (batchNorm): epsilon must be a number greater than 0 and at most 1, got 0',
    ],
  ] as const)('%s', (_label, layer, message) => {
    expect(errorsOf(MAP, [layer])).toEqual([message])
  })
})

describe('the add/id graph', () => {
  test('equal shapes: no projection, no parameters, one add per value', () => {
    const summary = inferShapes(
      spec(MAP, [
        { kind: 'conv', filters: 2, kernelSize: 3, pad: 1, id: 'a' },
        { kind: 'relu' },
        { kind: 'add', from: 'a' },
        { kind: 'add', from: 'input' },
        ...HEAD,
      ]),
    )
    expect(summary.errors).toEqual([])
    const adds = summary.layers.slice(2, 4)
    const picked = adds.map(({ label, skipFrom, projectionStride, parameters, flops }) => ({
      label,
      skipFrom,
      projectionStride,
      parameters,
      flops,
    }))
    expect(picked).toEqual([
      { label: "add 'a'", skipFrom: 0, projectionStride: null, parameters: 0, flops: 7 * 6 * 2 },
      { label: "add 'input'", skipFrom: -1, projectionStride: null, parameters: 0, flops: 7 * 6 * 2 },
    ])
    expect(summary.layers[0].id).toBe('a')
  })

  test('different shapes: a 1×1 projection with the stride that matches, named in the label and counted', () => {
    const summary = inferShapes(
      spec({ height: 7, width: 7, channels: 2 }, [
        { kind: 'relu', id: 'block1' },
        { kind: 'conv', filters: 5, kernelSize: 3, stride: 2, pad: 1 }, // 7 → 4
        { kind: 'add', from: 'block1' }, // ceil(7 / 2) = 4: stride 2
        ...HEAD,
      ]),
    )
    expect(summary.errors).toEqual([])
    const add = summary.layers[2]
    expect(add).toMatchObject({
      label: "add (1×1 projection of 'block1')",
      projectionStride: 2,
      parameters: 2 * 5,
      flops: 4 * 4 * 5 * 2 + 4 * 4 * 5,
    })
    // receptive field: main path 3 / 2 (the conv), skip path 1 / 1 → projected 1 / 2
    expect(add.receptiveField).toEqual({ size: 3, stride: 2 })
  })

  test.each([
    [
      'sizes no 1×1 stride can match',
      [{ kind: 'relu', id: 'a' }, { kind: 'conv', filters: 2, kernelSize: 2 }, { kind: 'add', from: 'a' }],
      "layer 3 (add): the output of 'a' is 7×6×2 and no 1×1 convolution with a whole-number stride s " +
        "turns it into this path's 6×5×2 (it would need ceil(7/s) = 6 and ceil(6/s) = 5); " +
        "make the two paths' sizes match",
    ],
    [
      'an unknown id',
      [{ kind: 'relu', id: 'a' }, { kind: 'add', from: 'b' }],
      "layer 2 (add): from 'b' names no layer (known ids: 'input', 'a')",
    ],
    [
      'a later layer',
      [{ kind: 'add', from: 'a' }, { kind: 'relu', id: 'a' }],
      "layer 1 (add): from 'a' names layer 2, which is after this one: " +
        'an add can only use the output of an earlier layer',
    ],
    [
      'itself',
      [{ kind: 'add', from: 'a', id: 'a' }],
      "layer 1 (add): from 'a' names layer 1, which is this layer: " +
        'an add can only use the output of an earlier layer',
    ],
    [
      'a duplicate id',
      [{ kind: 'relu', id: 'a' }, { kind: 'tanh', id: 'a' }],
      "layer 2 (tanh): id 'a' is already used by layer 1: ids must be unique",
    ],
    [
      'the reserved id',
      [{ kind: 'relu', id: 'input' }],
      "layer 1 (relu): id 'input' is reserved for the network input: choose another name",
    ],
  ] as const)('error: %s', (_label, layers, message) => {
    expect(errorsOf(MAP, layers as readonly LayerSpec[])).toEqual([message])
  })

  test('an impossible add leaves the layers after it without a shape', () => {
    const summary = inferShapes(spec(MAP, [{ kind: 'add', from: 'nowhere' }, ...HEAD]))
    expect(summary.layers.map((layer) => layer.outputShape)).toEqual([null, null, null, null])
  })
})

describe('FLOPs and receptive fields', () => {
  test('FLOPs per layer follow the documented formulas and add up to the total', () => {
    const summary = inferShapes(
      spec({ height: 8, width: 8, channels: 3 }, [
        { kind: 'conv', filters: 4, kernelSize: 3, pad: 1 }, // 8×8×4: 8·8·4·3·3·3
        { kind: 'batchNorm' }, // one per value
        { kind: 'relu' }, // one per value
        { kind: 'maxPool', size: 2 }, // 4·4·4 windows of 2·2
        { kind: 'dropout', rate: 0.5 }, // 0
        { kind: 'globalAvgPool' }, // 4·4·4
        { kind: 'dense', units: 5 }, // 4·5
        { kind: 'softmax' }, // 5
      ]),
    )
    const expected = [8 * 8 * 4 * 27, 256, 256, 4 * 4 * 4 * 4, 0, 64, 20, 5]
    expect(summary.layers.map((layer) => layer.flops)).toEqual(expected)
    expect(summary.totalFlops).toBe(expected.reduce((a, b) => a + b))
  })

  test('receptive fields follow r += (K − 1)·j, j *= S; global pooling and flatten see the whole map', () => {
    const summary = inferShapes(
      spec({ height: 16, width: 16, channels: 1 }, [
        { kind: 'conv', filters: 2, kernelSize: 3, pad: 1 }, // 3 / 1
        { kind: 'maxPool', size: 2 }, // 4 / 2
        { kind: 'conv', filters: 2, kernelSize: 5, stride: 2, pad: 2 }, // 4 + 4·2 = 12 / 4
        { kind: 'relu' }, // unchanged
        { kind: 'globalAvgPool' }, // 4×4 map: 12 + 3·4 = 24 / 16
        ...HEAD,
      ]),
    )
    expect(summary.layers.slice(0, 5).map((layer) => layer.receptiveField)).toEqual([
      { size: 3, stride: 1 },
      { size: 4, stride: 2 },
      { size: 12, stride: 4 },
      { size: 12, stride: 4 },
      { size: 24, stride: 16 },
    ])
  })
})

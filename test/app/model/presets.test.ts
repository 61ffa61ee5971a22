import { describe, expect, test } from 'vitest'
import type { LayerKind, TensorShape } from '../../../app/model/networkSpec'
import { PRESETS, isPresetName, presetSpec } from '../../../app/model/presets'
import type { PresetName } from '../../../app/model/presets'
import { formatShape, inferShapes } from '../../../app/model/shapeInference'

function outputsOf(name: PresetName, input: TensorShape, classCount: number, kinds: readonly LayerKind[]): string[] {
  const summary = inferShapes(presetSpec(name, input, classCount))
  expect(summary.errors).toEqual([])
  return summary.layers.filter((layer) => kinds.includes(layer.kind)).map((layer) => formatShape(layer.outputShape!))
}

describe('presets', () => {
  // LeNet-5's sizes after conv1, pool1, conv2, pool2; 28×28 gets there with pad 2 in conv1, 32×32 with pad 0.
  test.each([
    { height: 28, width: 28, channels: 1 },
    { height: 32, width: 32, channels: 3 },
  ])('lenet is valid for $height×$width×$channels and goes 28 → 14 → 10 → 5', (input) => {
    expect(outputsOf('lenet', input, 10, ['conv', 'maxPool'])).toEqual(['28×28×6', '14×14×6', '10×10×16', '5×5×16'])
    expect(inferShapes(presetSpec('lenet', input, 10)).outputShape).toEqual({ height: 1, width: 1, channels: 10 })
  })

  test.each([
    { height: 8, width: 8, channels: 1 },
    { height: 32, width: 32, channels: 3 },
    { height: 5, width: 7, channels: 4 },
  ])('tiny is valid for $height×$width×$channels', (input) => {
    const spec = presetSpec('tiny', input, 3)
    expect(inferShapes(spec).errors).toEqual([])
    expect(spec.layers.map((layer) => layer.kind)).toEqual(['conv', 'relu', 'maxPool', 'flatten', 'dense', 'softmax'])
  })

  test('cifarClassic: three conv 5×5 pad 2 + ReLU + pool stages of 16, 20, 20 filters, 32 → 4, dense', () => {
    const input = { height: 32, width: 32, channels: 3 }
    expect(outputsOf('cifarClassic', input, 10, ['conv', 'maxPool', 'dense'])).toEqual([
      '32×32×16',
      '16×16×16',
      '16×16×20',
      '8×8×20',
      '8×8×20',
      '4×4×20',
      '1×1×10',
    ])
    // ConvNetJS's demo: 5·5·3·16 + 16, 5·5·16·20 + 20, 5·5·20·20 + 20, 4·4·20·10 + 10
    expect(inferShapes(presetSpec('cifarClassic', input, 10)).totalParameters).toBe(1216 + 8020 + 10020 + 3210)
  })

  test('vggSmall: blocks of two 3×3 conv + BN + ReLU with 32, 64, 128 filters, pooled 32 → 4, then GAP', () => {
    const input = { height: 32, width: 32, channels: 3 }
    const outputs = outputsOf('vggSmall', input, 10, ['maxPool', 'globalAvgPool'])
    expect(outputs).toEqual(['16×16×32', '8×8×64', '4×4×128', '1×1×128'])
    const kinds = presetSpec('vggSmall', input, 10).layers.map((layer) => layer.kind)
    expect(kinds.filter((kind) => kind === 'conv')).toHaveLength(6)
    expect(kinds.filter((kind) => kind === 'batchNorm')).toHaveLength(6)
  })

  test('resnetSmall: stem, three stages 16/32/64 with projections only where the size halves, GAP, dense', () => {
    const summary = inferShapes(presetSpec('resnetSmall', { height: 32, width: 32, channels: 3 }, 10))
    expect(summary.errors).toEqual([])
    const adds = summary.layers.filter((layer) => layer.kind === 'add')
    expect(adds.map((layer) => [formatShape(layer.outputShape!), layer.projectionStride])).toEqual([
      ['32×32×16', null],
      ['16×16×32', 2],
      ['8×8×64', 2],
    ])
    expect(summary.layers[summary.layers.length - 3].kind).toBe('globalAvgPool')
  })

  // torchvision.models.alexnet() and vgg16(): sum(p.numel() for p in model.parameters()) with 1000 classes.
  test.each([
    ['alexnet', 61_100_840, '6×6×256'],
    ['vgg16', 138_357_544, '7×7×512'],
  ] as const)('%s at 224×224×3 has torchvision\'s %i parameters and features of %s', (name, parameters, features) => {
    const summary = inferShapes(presetSpec(name, { height: 224, width: 224, channels: 3 }, 1000))
    expect(summary.errors).toEqual([])
    expect(summary.totalParameters).toBe(parameters)
    const flatten = summary.layers.find((layer) => layer.kind === 'flatten')!
    expect(formatShape(flatten.inputShape!)).toBe(features)
  })

  // Receptive fields published in Araujo, Norris & Sim, "Computing Receptive Fields of Convolutional Neural
  // Networks", Distill 2019 (table of r for the last feature layer): AlexNet 195, VGG-16 212.
  test.each([
    ['alexnet', 195, 32],
    ['vgg16', 212, 32],
  ] as const)('%s: the last feature map has a receptive field of %i pixels, stride %i', (name, size, stride) => {
    const summary = inferShapes(presetSpec(name, { height: 224, width: 224, channels: 3 }, 1000))
    const flatten = summary.layers.findIndex((layer) => layer.kind === 'flatten')
    expect(summary.layers[flatten - 1].receptiveField).toEqual({ size, stride })
  })

  test('every preset is valid at its default input and class count', () => {
    for (const preset of PRESETS) {
      const summary = inferShapes(presetSpec(preset.name, preset.defaultInput, preset.defaultClassCount))
      expect([preset.name, summary.errors]).toEqual([preset.name, []])
    }
  })

  test('names', () => {
    expect(PRESETS.map((preset) => preset.name)).toEqual([
      'lenet',
      'tiny',
      'cifarClassic',
      'vggSmall',
      'resnetSmall',
      'alexnet',
      'vgg16',
    ])
    expect(PRESETS.every((preset) => isPresetName(preset.name) && preset.title && preset.description)).toBe(true)
    expect(isPresetName('vgg')).toBe(false)
    expect(presetSpec('lenet', { height: 28, width: 28, channels: 1 }, 10).name).toBe('LeNet-5')
  })
})

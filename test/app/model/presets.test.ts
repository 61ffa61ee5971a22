import { describe, expect, test } from 'vitest'
import { PRESETS, isPresetName, presetSpec } from '../../../app/model/presets'
import { formatShape, inferShapes } from '../../../app/model/shapeInference'

describe('presets', () => {
  // LeNet-5's sizes after conv1, pool1, conv2, pool2; 28×28 gets there with pad 2 in conv1, 32×32 with pad 0.
  test.each([
    { height: 28, width: 28, channels: 1 },
    { height: 32, width: 32, channels: 3 },
  ])('lenet is valid for $height×$width×$channels and goes 28 → 14 → 10 → 5', (input) => {
    const summary = inferShapes(presetSpec('lenet', input, 10))
    expect(summary.errors).toEqual([])
    const convAndPool = summary.layers.filter((layer) => layer.kind === 'conv' || layer.kind === 'maxPool')
    const shapes = convAndPool.map((layer) => formatShape(layer.outputShape!))
    expect(shapes).toEqual(['28×28×6', '14×14×6', '10×10×16', '5×5×16'])
    expect(summary.outputShape).toEqual({ height: 1, width: 1, channels: 10 })
  })

  test.each([
    { height: 8, width: 8, channels: 1 },
    { height: 32, width: 32, channels: 3 },
    { height: 5, width: 7, channels: 4 },
  ])('tiny is valid for $height×$width×$channels', (input) => {
    const spec = presetSpec('tiny', input, 3)
    expect(inferShapes(spec).errors).toEqual([])
    expect(spec.layers.map((layer) => layer.kind)).toEqual([
      'conv',
      'relu',
      'maxPool',
      'flatten',
      'dense',
      'softmax',
    ])
  })

  test('names', () => {
    expect(PRESETS.map((preset) => preset.name)).toEqual(['lenet', 'tiny'])
    expect(PRESETS.every((preset) => isPresetName(preset.name) && preset.title && preset.description)).toBe(
      true,
    )
    expect(isPresetName('vgg')).toBe(false)
    expect(presetSpec('lenet', { height: 28, width: 28, channels: 1 }, 10).name).toBe('LeNet-5')
  })
})

// Ready-made networks the editor offers as starting points. Each is plain data (a NetworkSpec) built for the
// dataset's input shape and class count; whether it fits is inferShapes' call, not this file's.

import type { LayerSpec, NetworkSpec, TensorShape } from './networkSpec'

export type PresetName = 'lenet' | 'tiny'

export const PRESETS: readonly Readonly<{ name: PresetName; title: string; description: string }>[] = [
  {
    name: 'lenet',
    title: 'LeNet-5',
    description:
      'Two 5×5 convolutions with max pooling, then three dense layers (LeCun et al., 1998). ' +
      'Good for digits, clothing and other small images.',
  },
  {
    name: 'tiny',
    title: 'Tiny',
    description:
      'One 3×3 convolution, one pooling step and a dense layer. Trains in seconds; for quick checks.',
  },
]

export function isPresetName(value: string): value is PresetName {
  return PRESETS.some((preset) => preset.name === value)
}

/** The preset's layers for this input and number of classes. */
export function presetSpec(name: PresetName, input: TensorShape, classCount: number): NetworkSpec {
  const title = PRESETS.find((preset) => preset.name === name)?.title ?? name
  return {
    name: title,
    input,
    layers: name === 'lenet' ? lenetLayers(input, classCount) : tinyLayers(classCount),
  }
}

function lenetLayers(input: TensorShape, classCount: number): readonly LayerSpec[] {
  // LeNet-5 expects 32×32 and shrinks it 32 → 28 → 14 → 10 → 5. Smaller images (MNIST's 28×28) get pad 2 in the
  // first convolution so they follow the same path: 28 → 28 → 14 → 10 → 5.
  const firstPad = Math.min(input.height, input.width) < 32 ? 2 : 0
  return [
    { kind: 'conv', filters: 6, kernelSize: 5, stride: 1, pad: firstPad },
    { kind: 'relu' },
    { kind: 'maxPool', size: 2 },
    { kind: 'conv', filters: 16, kernelSize: 5, stride: 1, pad: 0 },
    { kind: 'relu' },
    { kind: 'maxPool', size: 2 },
    { kind: 'flatten' },
    { kind: 'dense', units: 120 },
    { kind: 'relu' },
    { kind: 'dense', units: 84 },
    { kind: 'relu' },
    { kind: 'dense', units: classCount },
    { kind: 'softmax' },
  ]
}

function tinyLayers(classCount: number): readonly LayerSpec[] {
  return [
    { kind: 'conv', filters: 8, kernelSize: 3, stride: 1, pad: 1 },
    { kind: 'relu' },
    { kind: 'maxPool', size: 2 },
    { kind: 'flatten' },
    { kind: 'dense', units: classCount },
    { kind: 'softmax' },
  ]
}

// Ready-made networks the editor and `cnn-studio model` offer. Each is plain data (a NetworkSpec) built for an
// input shape and class count; whether it fits is inferShapes' call, not this file's. The layer lists live in
// classicPresets.ts (LeNet-5, tiny, the ConvNetJS CIFAR net), cifarPresets.ts (VGG-style, ResNet) and
// imagenetPresets.ts (AlexNet and VGG-16 as in torchvision).

import { cifarClassicLayers, lenetLayers, tinyLayers } from './classicPresets'
import { resnetSmallLayers, vggSmallLayers } from './cifarPresets'
import { alexnetLayers, vgg16Layers } from './imagenetPresets'
import type { LayerSpec, NetworkSpec, TensorShape } from './networkSpec'

export type PresetName = 'lenet' | 'tiny' | 'cifarClassic' | 'vggSmall' | 'resnetSmall' | 'alexnet' | 'vgg16'

export type PresetInfo = Readonly<{
  name: PresetName
  title: string
  description: string
  /** The input it was designed for (what `cnn-studio model` uses without --input). */
  defaultInput: TensorShape
  defaultClassCount: number
}>

const MNIST = { height: 28, width: 28, channels: 1 }
const CIFAR = { height: 32, width: 32, channels: 3 }
const IMAGENET = { height: 224, width: 224, channels: 3 }

export const PRESETS: readonly PresetInfo[] = [
  {
    name: 'lenet',
    title: 'LeNet-5',
    description:
      'Two 5×5 convolutions with max pooling, then three dense layers (LeCun et al., 1998). ' +
      'Good for digits, clothing and other small images.',
    defaultInput: MNIST,
    defaultClassCount: 10,
  },
  {
    name: 'tiny',
    title: 'Tiny',
    description: 'One 3×3 convolution, one pooling step and a dense layer. Trains in seconds; for quick checks.',
    defaultInput: MNIST,
    defaultClassCount: 10,
  },
  {
    name: 'cifarClassic',
    title: 'Classic CIFAR-10 net',
    description:
      'Three 5×5 convolution, ReLU and max-pool stages of 16, 20 and 20 filters, then a dense layer: ' +
      "the network of Karpathy's ConvNetJS CIFAR-10 demo. Small and quick on 32×32 colour images.",
    defaultInput: CIFAR,
    defaultClassCount: 10,
  },
  {
    name: 'vggSmall',
    title: 'VGG-style (small)',
    description:
      'Three blocks of two 3×3 convolutions with batch norm and ReLU, then max pooling (32, 64, 128 filters), ' +
      'global average pooling and a dense layer. For 32×32 images.',
    defaultInput: CIFAR,
    defaultClassCount: 10,
  },
  {
    name: 'resnetSmall',
    title: 'ResNet (small)',
    description:
      'A 3×3 stem, then three stages of residual blocks with 16, 32 and 64 filters (1×1 projections where the ' +
      'size halves), global average pooling and a dense layer (He et al., 2015). For 32×32 images.',
    defaultInput: CIFAR,
    defaultClassCount: 10,
  },
  {
    name: 'alexnet',
    title: 'AlexNet (torchvision)',
    description:
      "For study: torchvision's AlexNet at 224×224×3, 61.1 million parameters with 1000 classes. " +
      'Far too large to train on a CPU here.',
    defaultInput: IMAGENET,
    defaultClassCount: 1000,
  },
  {
    name: 'vgg16',
    title: 'VGG-16 (torchvision)',
    description:
      "For study: torchvision's VGG-16 at 224×224×3, 138.4 million parameters with 1000 classes. " +
      'Far too large to train on a CPU here.',
    defaultInput: IMAGENET,
    defaultClassCount: 1000,
  },
]

export function isPresetName(value: string): value is PresetName {
  return PRESETS.some((preset) => preset.name === value)
}

function presetLayers(name: PresetName, input: TensorShape, classCount: number): readonly LayerSpec[] {
  switch (name) {
    case 'lenet':
      return lenetLayers(input, classCount)
    case 'tiny':
      return tinyLayers(classCount)
    case 'cifarClassic':
      return cifarClassicLayers(classCount)
    case 'vggSmall':
      return vggSmallLayers(classCount)
    case 'resnetSmall':
      return resnetSmallLayers(classCount)
    case 'alexnet':
      return alexnetLayers(classCount)
    case 'vgg16':
      return vgg16Layers(classCount)
  }
}

/** The preset's layers for this input and number of classes. */
export function presetSpec(name: PresetName, input: TensorShape, classCount: number): NetworkSpec {
  const title = PRESETS.find((preset) => preset.name === name)?.title ?? name
  return { name: title, input, layers: presetLayers(name, input, classCount) }
}

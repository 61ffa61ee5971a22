// AlexNet and VGG-16 at 224×224×3 for study, layer for layer as torchvision's reference implementations
// (torchvision.models.alexnet and torchvision.models.vgg16, torchvision 0.14):
//   AlexNet 61,100,840 parameters and VGG-16 138,357,544 for 1000 classes (test/app/model/presets.test.ts).
// torchvision puts an AdaptiveAvgPool2d((6, 6)) / ((7, 7)) between the features and the classifier; at 224×224
// input the features are already 6×6 / 7×7, so it is the identity and is left out here (at other input sizes
// our dense layers change size instead). Dropout (p = 0.5) sits where torchvision has it.

import { classifierHead } from './classicPresets'
import type { LayerSpec } from './networkSpec'

function convRelu(filters: number, kernelSize: number, stride: number, pad: number): LayerSpec[] {
  return [{ kind: 'conv', filters, kernelSize, stride, pad }, { kind: 'relu' }]
}

/** torchvision's AlexNet ("one weird trick" variant: 64-192-384-256-256 filters). 224 → 55 → 27 → 13 → 6. */
export function alexnetLayers(classCount: number): readonly LayerSpec[] {
  const pool: LayerSpec = { kind: 'maxPool', size: 3, stride: 2 }
  return [
    ...convRelu(64, 11, 4, 2),
    pool,
    ...convRelu(192, 5, 1, 2),
    pool,
    ...convRelu(384, 3, 1, 1),
    ...convRelu(256, 3, 1, 1),
    ...convRelu(256, 3, 1, 1),
    pool,
    // torchvision: AdaptiveAvgPool2d((6, 6)) here, the identity at 224×224; then the classifier.
    { kind: 'flatten' },
    { kind: 'dropout', rate: 0.5 },
    { kind: 'dense', units: 4096 },
    { kind: 'relu' },
    { kind: 'dropout', rate: 0.5 },
    { kind: 'dense', units: 4096 },
    { kind: 'relu' },
    ...classifierHead(classCount),
  ]
}

/** torchvision's VGG-16 without batch norm (configuration D): 13 conv 3×3 pad 1 + ReLU, 5 max pools. 224 → 7. */
export function vgg16Layers(classCount: number): readonly LayerSpec[] {
  const stages = [
    [64, 64],
    [128, 128],
    [256, 256, 256],
    [512, 512, 512],
    [512, 512, 512],
  ]
  const features = stages.flatMap((filters): LayerSpec[] => [
    ...filters.flatMap((count) => convRelu(count, 3, 1, 1)),
    { kind: 'maxPool', size: 2, stride: 2 },
  ])
  return [
    ...features,
    // torchvision: AdaptiveAvgPool2d((7, 7)) here, the identity at 224×224; then the classifier.
    { kind: 'flatten' },
    { kind: 'dense', units: 4096 },
    { kind: 'relu' },
    { kind: 'dropout', rate: 0.5 },
    { kind: 'dense', units: 4096 },
    { kind: 'relu' },
    { kind: 'dropout', rate: 0.5 },
    ...classifierHead(classCount),
  ]
}

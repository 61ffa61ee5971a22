// The small classic networks: LeNet-5, a tiny one for quick checks, and the CIFAR-10 network of Karpathy's
// ConvNetJS demo. Plain layer lists; presets.ts names and describes them.

import type { LayerSpec, TensorShape } from './networkSpec'

/** The classifier head every preset ends with: one unit per class, then softmax (fused with the loss). */
export function classifierHead(classCount: number): readonly LayerSpec[] {
  return [
    { kind: 'dense', units: classCount },
    { kind: 'softmax' },
  ]
}

export function lenetLayers(input: TensorShape, classCount: number): readonly LayerSpec[] {
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
    ...classifierHead(classCount),
  ]
}

export function tinyLayers(classCount: number): readonly LayerSpec[] {
  return [
    { kind: 'conv', filters: 8, kernelSize: 3, stride: 1, pad: 1 },
    { kind: 'relu' },
    { kind: 'maxPool', size: 2 },
    { kind: 'flatten' },
    ...classifierHead(classCount),
  ]
}

/**
 * ConvNetJS's CIFAR-10 demo (https://cs.stanford.edu/people/karpathy/convnetjs/demo/cifar10.html): three stages
 * of conv 5×5 (stride 1, pad 2) + ReLU + max pool 2×2 stride 2 with 16, 20 and 20 filters, then a fully
 * connected softmax layer. 32×32 → 16 → 8 → 4.
 */
export function cifarClassicLayers(classCount: number): readonly LayerSpec[] {
  const stage = (filters: number): LayerSpec[] => [
    { kind: 'conv', filters, kernelSize: 5, stride: 1, pad: 2 },
    { kind: 'relu' },
    { kind: 'maxPool', size: 2, stride: 2 },
  ]
  return [...stage(16), ...stage(20), ...stage(20), { kind: 'flatten' }, ...classifierHead(classCount)]
}

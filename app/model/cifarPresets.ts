// Modern small networks for 32×32 images: VGG-style blocks with batch norm, and a small ResNet. Convolutions
// followed by batch norm have no bias (batch norm's shift would cancel it, as in torchvision's ResNets).

import { classifierHead } from './classicPresets'
import type { LayerSpec } from './networkSpec'

/** conv 3×3 (no bias) + batch norm + ReLU; `id` names the ReLU's output. */
function convBnRelu(filters: number, stride = 1, id?: string): LayerSpec[] {
  return [
    { kind: 'conv', filters, kernelSize: 3, stride, pad: stride === 1 ? 'same' : 1, bias: false },
    { kind: 'batchNorm' },
    id === undefined ? { kind: 'relu' } : { kind: 'relu', id },
  ]
}

/**
 * VGG-style (Simonyan & Zisserman, 2014) for 32×32: blocks of two 3×3 convolutions + batch norm + ReLU, then
 * max pool 2×2, with 32, 64 and 128 filters (32 → 16 → 8 → 4), then global average pooling and a dense layer.
 */
export function vggSmallLayers(classCount: number): readonly LayerSpec[] {
  const block = (filters: number): LayerSpec[] => [
    ...convBnRelu(filters),
    ...convBnRelu(filters),
    { kind: 'maxPool', size: 2 },
  ]
  return [...block(32), ...block(64), ...block(128), { kind: 'globalAvgPool' }, ...classifierHead(classCount)]
}

/** Basic blocks per stage: 1 gives an 8-layer ResNet (He et al.'s CIFAR family with n = 1). */
const BLOCKS_PER_STAGE = 1

/**
 * A basic residual block reading the output named `from`: conv 3×3 (stride) + BN + ReLU, conv 3×3 + BN, add the
 * block's input (through a 1×1 projection when the stride or width changes), ReLU named `id`.
 */
function basicBlock(from: string, id: string, filters: number, stride: number): LayerSpec[] {
  return [
    ...convBnRelu(filters, stride),
    { kind: 'conv', filters, kernelSize: 3, pad: 'same', bias: false },
    { kind: 'batchNorm' },
    { kind: 'add', from },
    { kind: 'relu', id },
  ]
}

/**
 * A small ResNet for 32×32 (He et al., 2015, section 4.2): stem conv 3×3 16 + BN + ReLU, three stages of basic
 * blocks with 16, 32 and 64 filters, the first block of stages 2 and 3 halving the size with stride 2 and a
 * 1×1 projection on its skip path (option B; torchvision adds batch norm to it, we do not), then global
 * average pooling and a dense layer. 32 → 32 → 16 → 8.
 */
export function resnetSmallLayers(classCount: number): readonly LayerSpec[] {
  const layers: LayerSpec[] = [...convBnRelu(16, 1, 'stem')]
  let previous = 'stem'
  ;[16, 32, 64].forEach((filters, stage) => {
    for (let block = 1; block <= BLOCKS_PER_STAGE; block++) {
      const id = `stage${stage + 1}.block${block}`
      const stride = stage > 0 && block === 1 ? 2 : 1
      layers.push(...basicBlock(previous, id, filters, stride))
      previous = id
    }
  })
  return [...layers, { kind: 'globalAvgPool' }, ...classifierHead(classCount)]
}

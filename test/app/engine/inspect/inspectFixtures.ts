// Networks shared by the inspection tests: one piecewise-linear (ReLU, max pooling) and one smooth (tanh,
// sigmoid, average pooling), both with batch norm, dropout and residual adds (one with a 1×1 projection),
// so inspection is exercised on every kind of layer that carries state or behaves differently in inference.

import { singleShardContext } from '../../../../app/engine/layer'
import { buildNetwork } from '../../../../app/engine/network'
import type { Network } from '../../../../app/engine/network'
import { Random } from '../../../../app/engine/random'
import type { NetworkSpec } from '../../../../app/model/networkSpec'
import { randomArray } from '../testUtils'

export const PIECEWISE_LINEAR_SPEC: NetworkSpec = {
  name: 'piecewise-linear residual',
  input: { height: 6, width: 6, channels: 3 },
  layers: [
    { kind: 'conv', filters: 4, kernelSize: 3, pad: 1 }, // 0: 6×6×4
    { kind: 'batchNorm' },
    { kind: 'relu', id: 'a' }, // 2
    { kind: 'conv', filters: 4, kernelSize: 3, pad: 'same' },
    { kind: 'batchNorm' },
    { kind: 'add', from: 'a' }, // 5: same shape, no projection
    { kind: 'relu' },
    { kind: 'maxPool', size: 2 }, // 7: 3×3×4
    { kind: 'conv', filters: 5, kernelSize: 3, pad: 1 }, // 8: 3×3×5
    { kind: 'add', from: 'a' }, // 9: 6×6×4 → 3×3×5 through a 1×1 projection, stride 2
    { kind: 'relu' },
    { kind: 'flatten' }, // 11
    { kind: 'dropout', rate: 0.5 }, // 12
    { kind: 'dense', units: 4 }, // 13
    { kind: 'softmax' },
  ],
}

export const SMOOTH_SPEC: NetworkSpec = {
  name: 'smooth residual',
  input: { height: 8, width: 8, channels: 2 },
  layers: [
    { kind: 'conv', filters: 3, kernelSize: 3, pad: 1 }, // 0: 8×8×3
    { kind: 'tanh' },
    { kind: 'batchNorm', id: 'a' }, // 2: read by layer 3 and by the add at 5
    { kind: 'conv', filters: 3, kernelSize: 3, pad: 1 },
    { kind: 'tanh' },
    { kind: 'add', from: 'a' }, // 5
    { kind: 'conv', filters: 4, kernelSize: 3, stride: 2, pad: 1 }, // 6: 4×4×4
    { kind: 'sigmoid' },
    { kind: 'avgPool', size: 2 }, // 8: 2×2×4
    { kind: 'flatten' },
    { kind: 'dropout', rate: 0.3 },
    { kind: 'dense', units: 3 }, // 11
    { kind: 'softmax' },
  ],
}

/**
 * Builds the network and runs a few training-mode forward passes, so batch norm's running statistics are no
 * longer their initial 0 and 1 (inference then really differs from training).
 */
export function trainedNetwork(spec: NetworkSpec, seed: number): Network {
  const network = buildNetwork(spec, new Random(seed))
  const { height, width, channels } = spec.input
  const batchSize = 4
  for (let step = 0; step < 3; step++) {
    const batch = randomArray(batchSize * height * width * channels, seed * 100 + step, 2)
    network.forward(batch, batchSize, singleShardContext(batchSize, true, step))
  }
  return network
}

/** N random images for the spec's input, values in [−1, 1). */
export function randomImages(spec: NetworkSpec, count: number, seed: number): Float32Array {
  const { height, width, channels } = spec.input
  return randomArray(count * height * width * channels, seed)
}

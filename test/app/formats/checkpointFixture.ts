// A checkpoint with every field filled, for the codec and store tests. Weights and optimiser state are random
// 32-bit patterns (NaNs with payloads, infinities, subnormals, -0 included) so that only a bit-exact copy passes.

import { Random } from '../../../app/engine/random'
import type { Checkpoint } from '../../../app/formats/checkpoint'

export type FixtureOptions = { seed?: number; weightCount?: number; runId?: string; globalStep?: number }

/** Float32 values with arbitrary bit patterns (about 1 in 256 is a NaN). */
export function randomBitPatterns(count: number, random: Random): Float32Array {
  const words = new Uint32Array(count)
  for (let i = 0; i < count; i++) {
    words[i] = random.nextUint32()
  }
  return new Float32Array(words.buffer)
}

export function makeCheckpoint(options: FixtureOptions = {}): Checkpoint {
  const { seed = 1, weightCount = 1000, runId = 'run-2024-05-01-a1b2', globalStep = 97 } = options
  const random = new Random(seed)
  const bias = Math.min(8, weightCount)
  const paramLengths = [weightCount - 2 * bias, bias, bias]
  const epochOrder = Int32Array.from({ length: 600 }, (_, i) => i)
  random.shuffle(epochOrder)
  return {
    runId,
    createdAt: '2024-05-01T12:34:56.789Z',
    spec: {
      name: 'tiny',
      input: { height: 8, width: 8, channels: 3 },
      layers: [
        { kind: 'conv', filters: 8, kernelSize: 3, stride: 1, pad: 1 },
        { kind: 'relu' },
        { kind: 'flatten' },
        { kind: 'dense', units: 3 },
        { kind: 'softmax' },
      ],
    },
    hyperparameters: { epochs: 5, batchSize: 32, learningRate: 0.01, momentum: 0.9, seed },
    dataset: {
      ref: { kind: 'cache', id: 'animals-1a2b3c4d' },
      fingerprint: 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      classNames: ['cats', 'écureuil roux', '犬 🐕'],
    },
    progress: { epoch: 2, stepInEpoch: globalStep - 80, globalStep },
    earlyStopping: { patience: 3, bestLoss: 0.3125, bestEpoch: 1, epochsWithoutImprovement: 1 },
    history: [
      { epoch: 1, trainLoss: 1.25, trainAccuracy: 0.5, validationLoss: 0.3125, validationAccuracy: 0.75 },
      { epoch: 2, trainLoss: 0.5, trainAccuracy: 0.875, validationLoss: 0.4375, validationAccuracy: 0.625 },
    ],
    optimizerInfo: { kind: 'sgdMomentum', step: globalStep },
    paramNames: ['conv1.weight', 'conv1.bias', 'dense.bias'],
    paramLengths,
    weights: randomBitPatterns(weightCount, random),
    stateNames: ['bn1.runningMean', 'bn1.runningVariance'],
    stateLengths: [5, 5],
    state: randomBitPatterns(10, random),
    optimizerState: randomBitPatterns(weightCount, random),
    rngState: Uint32Array.from([...new Random(seed + 1).getState(), ...new Random(seed + 2).getState()]),
    epochOrder,
  }
}

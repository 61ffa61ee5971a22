// Inverted dropout: while training, each value is kept with probability 1 − rate and scaled by 1 / (1 − rate), or
// zeroed; at inference the layer is the identity (and needs no kernel). The mask is a pure function of
// (stepSeed, layer index, GLOBAL sample index, unit), hashed with random.ts's mixWords, never drawn in sequence:
// a batch split over any number of threads gets exactly the mask it would get on one.
//
// N = batch (this shard), U = units per sample (C·H·W); input, out, mask, dOut, dInput are (N, U)
// reference: https://pytorch.org/docs/stable/generated/torch.nn.Dropout.html

import { mixWords, wordToUnit } from '../random'

export type DropoutMaskShape = Readonly<{
  batch: number
  units: number
  rate: number
  stepSeed: number
  layerIndex: number
  /** Global index of this shard's first sample (ForwardContext.sampleOffset). */
  sampleOffset: number
}>

/** mask[n, u] = 1 / (1 − rate) where the hash of (seed, layer, sample, unit) is ≥ rate, else 0. Overwrites mask. */
export function dropoutMask(mask: Float32Array, shape: DropoutMaskShape): void {
  const { batch: N, units: U, rate, stepSeed, layerIndex, sampleOffset } = shape
  const keptScale = 1 / (1 - rate)
  // Both 32-bit halves of the seed matter, as in Random's constructor.
  const seedWord = mixWords(stepSeed >>> 0, Math.floor(stepSeed / 4294967296) >>> 0)
  const layerWord = mixWords(seedWord, layerIndex)
  for (let n = 0; n < N; n++) {
    const sampleWord = mixWords(layerWord, sampleOffset + n)
    for (let u = 0; u < U; u++) {
      mask[n * U + u] = wordToUnit(mixWords(sampleWord, u)) < rate ? 0 : keptScale
    }
  }
}

/** out = input · mask. Overwrites out. */
export function dropoutForward(out: Float32Array, input: Float32Array, mask: Float32Array): void {
  for (let i = 0; i < input.length; i++) {
    out[i] = input[i] * mask[i]
  }
}

/** Accumulates dInput += dOut · mask. */
export function dropoutBackward(dInput: Float32Array, dOut: Float32Array, mask: Float32Array): void {
  for (let i = 0; i < dOut.length; i++) {
    dInput[i] += dOut[i] * mask[i]
  }
}

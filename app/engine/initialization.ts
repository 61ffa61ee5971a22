// Initial weights. He-normal (He et al., 2015) keeps activations' variance steady through ReLU; Glorot/Xavier
// uniform (Glorot & Bengio, 2010) does the same for layers without one. Biases start at zero (createParam).
// Draws come from the caller's seeded Random in array order, so a seed pins every initial weight.

import type { Random } from './random'

/** values ~ Normal(0, 2 / fanIn). */
export function heNormal(values: Float32Array, fanIn: number, random: Random): void {
  const standardDeviation = Math.sqrt(2 / fanIn)
  for (let i = 0; i < values.length; i++) {
    values[i] = random.normal() * standardDeviation
  }
}

/** values ~ Uniform(−limit, limit) with limit = sqrt(6 / (fanIn + fanOut)), i.e. variance 2 / (fanIn + fanOut). */
export function glorotUniform(values: Float32Array, fanIn: number, fanOut: number, random: Random): void {
  const limit = Math.sqrt(6 / (fanIn + fanOut))
  for (let i = 0; i < values.length; i++) {
    values[i] = (2 * random.uniform() - 1) * limit
  }
}

/** The engine's rule: He-normal for a conv or dense layer followed by a ReLU, Glorot-uniform otherwise. */
export function initializeWeights(
  values: Float32Array,
  fanIn: number,
  fanOut: number,
  isFollowedByRelu: boolean,
  random: Random,
): void {
  if (isFollowedByRelu) {
    heNormal(values, fanIn, random)
  } else {
    glorotUniform(values, fanIn, fanOut, random)
  }
}

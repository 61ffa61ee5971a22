// The analytic gradient of a class score with respect to the input equals central finite differences of the
// inference-mode logits, on a residual network with batch norm, dropout, ReLU and max pooling (and on a
// smooth one). The ReLU/max-pool network is piecewise linear: where a ±ε step crosses a kink, the second
// difference f(x+ε) − 2f(x) + f(x−ε) is not 0, and the central difference is off by at most that / 2ε.
// Coordinates whose second difference exceeds KINK are skipped, so the rest are exact to KINK / 2ε = 2e-4.

import { describe, expect, test } from 'vitest'
import { singleShardContext } from '../../../../app/engine/layer'
import { classScoreGradient, saliencyMap } from '../../../../app/engine/inspect/saliency'
import type { Network } from '../../../../app/engine/network'
import { expectClose } from '../testUtils'
import { PIECEWISE_LINEAR_SPEC, SMOOTH_SPEC, randomImages, trainedNetwork } from './inspectFixtures'

const EPSILON = 1e-2
const KINK = 4e-6 // second differences above this mean a kink within ±ε (rounding noise is below 1e-6)

/** Σ over the N images of logit[n, classIndex], in float64, in inference mode. */
function scoreSum(network: Network, input: Float32Array, classIndex: number): number {
  const { height, width, channels } = network.spec.input
  const N = input.length / (height * width * channels)
  const logits = network.forward(input, N, singleShardContext(N, false))
  let sum = 0
  for (let n = 0; n < N; n++) {
    sum += logits[n * network.classCount + classIndex]
  }
  return sum
}

/** Central differences of scoreSum per input value, with NaN where the step crosses a kink. */
function numericScoreGradient(network: Network, input: Float32Array, classIndex: number): Float64Array {
  const gradient = new Float64Array(input.length)
  const atPoint = scoreSum(network, input, classIndex)
  for (let i = 0; i < input.length; i++) {
    const saved = input[i]
    input[i] = saved + EPSILON
    const plus = input[i]
    const fPlus = scoreSum(network, input, classIndex)
    input[i] = saved - EPSILON
    const minus = input[i]
    const fMinus = scoreSum(network, input, classIndex)
    input[i] = saved
    const isKinked = Math.abs(fPlus - 2 * atPoint + fMinus) > KINK
    gradient[i] = isKinked ? NaN : (fPlus - fMinus) / (plus - minus)
  }
  return gradient
}

/** The analytic and numeric values where the numeric one is defined, and how many were skipped. */
function comparable(analytic: ArrayLike<number>, numeric: Float64Array) {
  const kept = { analytic: [] as number[], numeric: [] as number[], skipped: 0 }
  numeric.forEach((value, i) => {
    if (Number.isNaN(value)) {
      kept.skipped++
    } else {
      kept.analytic.push(analytic[i])
      kept.numeric.push(value)
    }
  })
  return kept
}

describe('classScoreGradient and saliencyMap', () => {
  test.each([
    ['piecewise linear (ReLU, max pool, projection add)', PIECEWISE_LINEAR_SPEC, 2],
    ['smooth (tanh, sigmoid, average pool)', SMOOTH_SPEC, 1],
  ])('%s: d score / d input equals finite differences, per image of a batch', (_label, spec, classIndex) => {
    const network = trainedNetwork(spec, 3)
    const images = randomImages(spec, 2, 11)
    const analytic = classScoreGradient(network, images, classIndex)
    const numericAll = numericScoreGradient(network, images, classIndex)
    const { analytic: a, numeric, skipped } = comparable(analytic, numericAll)
    expect(skipped, 'too many coordinates near a kink to mean much').toBeLessThan(images.length / 5)
    expect(Math.max(...numeric.map(Math.abs)), 'the score must depend on the input').toBeGreaterThan(1e-2)
    expectClose(a, numeric, { atol: 2e-4, rtol: 1e-3 })
  })

  test('saliency is the maximum over channels of |gradient|, (N, H, W), from the numeric gradient', () => {
    const spec = PIECEWISE_LINEAR_SPEC
    const network = trainedNetwork(spec, 3)
    const images = randomImages(spec, 2, 12)
    const numeric = numericScoreGradient(network, images, 1)
    const saliency = saliencyMap(network, images, 1)
    const { height: H, width: W, channels: C } = spec.input
    expect(saliency.length).toBe(2 * H * W)
    const expected: number[] = []
    const actual: number[] = []
    for (let n = 0; n < 2; n++) {
      for (let i = 0; i < H * W; i++) {
        const channels = Array.from({ length: C }, (_, c) => numeric[(n * C + c) * H * W + i])
        if (channels.every((value) => !Number.isNaN(value))) {
          expected.push(Math.max(...channels.map(Math.abs)))
          actual.push(saliency[n * H * W + i])
        }
      }
    }
    expect(expected.length).toBeGreaterThan(H * W)
    expectClose(actual, expected, { atol: 2e-4, rtol: 1e-3 })
  })

  test('the gradient of the score, not of the probability: it does not vanish for a confident class', () => {
    // d p / d x = p (1 − p) d score / d x would shrink with p(1 − p); the score's gradient ignores p.
    const spec = PIECEWISE_LINEAR_SPEC
    const network = trainedNetwork(spec, 3)
    const image = randomImages(spec, 1, 13)
    const last = network.params().at(-1)! // the last dense layer's bias: moves one logit, not the gradient
    const before = classScoreGradient(network, image, 0)
    last.value[0] += 30
    const after = classScoreGradient(network, image, 0)
    last.value[0] -= 30
    expect(after).toEqual(before)
  })

  test('a class index outside the classes is refused', () => {
    const network = trainedNetwork(PIECEWISE_LINEAR_SPEC, 3)
    expect(() => saliencyMap(network, randomImages(PIECEWISE_LINEAR_SPEC, 1, 1), 4)).toThrow(
      'saliencyMap: classIndex must be an integer from 0 to 3, got 4',
    )
  })
})

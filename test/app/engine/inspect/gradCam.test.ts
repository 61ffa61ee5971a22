// Grad-CAM against a tiny network with fixed weights worked out by hand, and against an independent reference
// on a residual network: a per-channel shift (conv bias, batch-norm β) moves every value of its map A_k at
// once, so d score / d shift_k = Σ_hw d score / d A_k, and the Grad-CAM weight of map k is that finite
// difference / (h·w).

import { describe, expect, test } from 'vitest'
import { gradCam, lastSpatialLayerIndex } from '../../../../app/engine/inspect/gradCam'
import { singleShardContext } from '../../../../app/engine/layer'
import { resizeBilinear } from '../../../../app/engine/inspect/resize'
import { buildNetwork } from '../../../../app/engine/network'
import type { Network } from '../../../../app/engine/network'
import { Random } from '../../../../app/engine/random'
import type { NetworkSpec } from '../../../../app/model/networkSpec'
import { expectClose } from '../testUtils'
import { SMOOTH_SPEC, randomImages, trainedNetwork } from './inspectFixtures'

// Input 4×4×1 in four constant 2×2 blocks 1, 2 / 3, 4. Layer 0: conv 2×2 stride 2, filter 0 = all 0.25 (block
// mean), filter 1 = all −0.25 with bias 2.5, so A_0 = [1 2; 3 4] and A_1 = [1.5 0.5; −0.5 −1.5]. Then flatten
// (A_0 then A_1, row-major) and dense to 3 classes; the gradient of score c with respect to A is dense row c.
const HAND_SPEC: NetworkSpec = {
  name: 'hand',
  input: { height: 4, width: 4, channels: 1 },
  layers: [
    { kind: 'conv', filters: 2, kernelSize: 2, stride: 2 },
    { kind: 'flatten' },
    { kind: 'dense', units: 3 },
    { kind: 'softmax' },
  ],
}
const HAND_INPUT = Float32Array.from([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
const DENSE_ROWS = [
  [1, 1, 1, 1, 0, 0, 0, 0], // class 0: weights 1, 0 → cam = A_0 = [1 2; 3 4]
  [-1, -1, -1, -1, 0, 0, 0, 0], // class 1: weights −1, 0 → ReLU(−A_0) = 0 everywhere
  [0, 0, 0, 0, 0, 0, 1, 3], // class 2: weights 0, mean(0, 0, 1, 3) = 1 → ReLU(A_1) = [1.5 0.5; 0 0]
]

function handNetwork(): Network {
  const network = buildNetwork(HAND_SPEC, new Random(1))
  const [convWeights, convBias, denseWeights, denseBias] = network.params()
  convWeights.value.set([0.25, 0.25, 0.25, 0.25, -0.25, -0.25, -0.25, -0.25])
  convBias.value.set([0, 2.5])
  denseWeights.value.set(DENSE_ROWS.flat())
  denseBias.value.fill(0)
  return network
}

describe('gradCam', () => {
  test('hand example: map weights, ReLU of the sum, bilinear 2×2 → 4×4, divided by the maximum', () => {
    const network = handNetwork()
    // [1 2; 3 4] upsampled (PyTorch align_corners=False), then ÷ 4.
    const upsampled = [1, 1.25, 1.75, 2, 1.5, 1.75, 2.25, 2.5, 2.5, 2.75, 3.25, 3.5, 3, 3.25, 3.75, 4]
    const class0 = upsampled.map((x) => x / 4)
    // [1.5 0.5; 0 0] upsampled: row 0 = 1.5, 1.25, 0.75, 0.5; row 1 = 0.75·row 0; row 2 = 0.25·row 0;
    // row 3 = 0; then ÷ 1.5.
    const top = [1.5, 1.25, 0.75, 0.5]
    const rows = [...top, ...top.map((x) => 0.75 * x), ...top.map((x) => 0.25 * x), 0, 0, 0, 0]
    const class2 = rows.map((x) => x / 1.5)
    expectClose(gradCam(network, HAND_INPUT, 0, 0), class0, { atol: 1e-6, rtol: 1e-6 })
    expect(Array.from(gradCam(network, HAND_INPUT, 1, 0))).toEqual(new Array(16).fill(0))
    expectClose(gradCam(network, HAND_INPUT, 2, 0), class2, { atol: 1e-6, rtol: 1e-6 })
  })

  test('a batch gives each image its own map, each normalised on its own', () => {
    const network = handNetwork()
    const second = HAND_INPUT.map((x) => 5 - x) // blocks 4, 3 / 2, 1
    const both = gradCam(network, Float32Array.from([...HAND_INPUT, ...second]), 2, 0)
    expect(both.subarray(0, 16)).toEqual(gradCam(network, HAND_INPUT, 2, 0))
    expect(both.subarray(16)).toEqual(gradCam(network, second, 2, 0))
  })

  test('a layer without spatial extent is refused, naming it and suggesting the last spatial layer', () => {
    const network = handNetwork()
    expect(lastSpatialLayerIndex(network)).toBe(0)
    expect(() => gradCam(network, HAND_INPUT, 0, 1)).toThrow(
      'gradCam: layer 1 (flatten) outputs 1×1×8, which has no spatial extent to localise in; choose a conv ' +
        'layer (or another layer before flatten or global pooling), e.g. layer 0 (conv)',
    )
    expect(() => gradCam(network, HAND_INPUT, 0, 3)).toThrow(
      'gradCam: there is no layer 3; the layers are 0 to 2',
    )
  })

  // Layer 2 (batch norm) feeds both the next conv and the add at layer 5: its gradient has both paths in it.
  test.each([
    ['conv layer 0 (bias)', 0],
    ['batch-norm layer 2 read by a residual add (β)', 2],
    ['strided conv layer 6 (bias)', 6],
  ])('residual network, %s: matches the reference built from finite differences', (_label, layerIndex) => {
    const network = trainedNetwork(SMOOTH_SPEC, 5)
    const image = randomImages(SMOOTH_SPEC, 1, 21)
    for (const classIndex of [0, 2]) {
      const expected = referenceGradCam(network, image, classIndex, layerIndex)
      expect(Math.max(...expected), 'the reference must not be all zeros').toBeCloseTo(1, 6)
      expectClose(gradCam(network, image, classIndex, layerIndex), expected, { atol: 5e-4, rtol: 1e-3 })
    }
  })
})

/** Grad-CAM from its definition, with map weights from finite differences of the score in each shift. */
function referenceGradCam(network: Network, image: Float32Array, classIndex: number, layerIndex: number) {
  const layer = network.layers[layerIndex]
  const shift = layer.params()[1] // weights before bias: a conv's bias, a batch norm's β
  expect(shift.name).toMatch(/bias|beta|shift/)
  const { height: h, width: w, channels: K } = layer.outputShape
  const score = (): number => network.forward(image, 1, singleShardContext(1, false))[classIndex]
  const epsilon = 3e-3
  const weights = Array.from({ length: K }, (_, k) => {
    const saved = shift.value[k]
    shift.value[k] = saved + epsilon
    const plus = { step: shift.value[k], score: score() } // the float32-rounded step actually taken
    shift.value[k] = saved - epsilon
    const minus = { step: shift.value[k], score: score() }
    shift.value[k] = saved
    return (plus.score - minus.score) / (plus.step - minus.step) / (h * w)
  })
  let A = new Float32Array(0)
  network.forward(image, 1, singleShardContext(1, false), (index, values) => {
    A = index === layerIndex ? Float32Array.from(values) : A
  })
  const coarse = Float32Array.from({ length: h * w }, (_, i) => {
    const sum = weights.reduce((total, weight, k) => total + weight * A[k * h * w + i], 0)
    return Math.max(0, sum)
  })
  const { height: H, width: W } = network.spec.input
  const fine = new Float32Array(H * W)
  resizeBilinear(fine, coarse, h, w, H, W)
  const max = Math.max(...fine)
  return Array.from(fine, (x) => x / max)
}

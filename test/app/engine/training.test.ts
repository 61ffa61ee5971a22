import { describe, expect, test } from 'vitest'
import { softmaxCrossEntropy } from '../../../app/engine/loss'
import { buildNetwork } from '../../../app/engine/network'
import type { Network } from '../../../app/engine/network'
import { Random } from '../../../app/engine/random'
import { SgdMomentum } from '../../../app/engine/sgd'
import { countCorrect, evaluateBatches, predictProbabilities, trainBatch } from '../../../app/engine/training'
import type { NetworkSpec } from '../../../app/model/networkSpec'
import { presetSpec } from '../../../app/model/presets'
import { expectClose, randomArray } from './testUtils'

const INPUT = { height: 8, width: 8, channels: 1 }
const SAMPLE = 8 * 8
const CLASSES = 4

/** 32 fixed random images with random labels: learnable only by memorising. */
function fixedSamples(seed: number): { inputs: Float32Array; labels: Int32Array } {
  const random = new Random(seed)
  return {
    inputs: randomArray(32 * SAMPLE, seed + 1),
    labels: Int32Array.from({ length: 32 }, () => random.integer(CLASSES)),
  }
}

function tinyNetwork(seed: number): Network {
  return buildNetwork(presetSpec('tiny', INPUT, CLASSES), new Random(seed))
}

describe('trainBatch', () => {
  test.each([
    { preset: 'tiny', input: INPUT },
    { preset: 'lenet', input: { height: 16, width: 16, channels: 3 } },
  ] as const)(
    '$preset memorises 32 random samples with random labels (4 classes) within 60 steps',
    (options) => {
      // Full-batch steps; both took about 20 when written, so 60 leaves room without hiding a broken engine.
      const { preset, input } = options
      const size = input.height * input.width * input.channels
      const random = new Random(1)
      const inputs = randomArray(32 * size, 2)
      const labels = Int32Array.from({ length: 32 }, () => random.integer(CLASSES))
      const network = buildNetwork(presetSpec(preset, input, CLASSES), new Random(3))
      const optimizer = new SgdMomentum(network.params(), { learningRate: 0.05, momentum: 0.9 })
      let steps = 0
      let accuracy = 0
      while (accuracy < 1 && steps < 60) {
        trainBatch(network, optimizer, inputs, labels, 32)
        steps++
        accuracy = evaluateBatches(network, inputs, labels, 32, 32).accuracy
      }
      expect({ accuracy, distinctLabels: new Set(labels).size }).toEqual({
        accuracy: 1,
        distinctLabels: CLASSES,
      })
    },
  )

  test('reports the loss and correct count of the batch before the step', () => {
    const { inputs, labels } = fixedSamples(3)
    const network = tinyNetwork(4)
    const before = evaluateBatches(network, inputs, labels, 32, 32)
    const optimizer = new SgdMomentum(network.params(), { learningRate: 0.05, momentum: 0.9 })
    const result = trainBatch(network, optimizer, inputs, labels, 32)
    expect(result.loss).toBeCloseTo(before.loss, 5)
    expect(result.correct).toBe(Math.round(before.accuracy * 32))
    expect(evaluateBatches(network, inputs, labels, 32, 32).loss).toBeLessThan(before.loss)
  })

  test('is deterministic: the same seed gives bit-identical weights after a few steps', () => {
    const run = (seed: number): Float32Array => {
      const { inputs, labels } = fixedSamples(5)
      const network = tinyNetwork(seed)
      const optimizer = new SgdMomentum(network.params(), { learningRate: 0.05, momentum: 0.9 })
      for (let step = 0; step < 4; step++) {
        const start = (step % 4) * 8
        trainBatch(
          network,
          optimizer,
          inputs.subarray(start * SAMPLE, (start + 8) * SAMPLE),
          labels.subarray(start, start + 8),
          8,
        )
      }
      return network.getWeights()
    }
    expect(run(6)).toEqual(run(6))
    expect(run(6)).not.toEqual(run(7))
  })
})

describe('evaluateBatches', () => {
  test('batching does not change the result: 30 of 32 samples in batches of 8 equal one pass over 30', () => {
    const { inputs, labels } = fixedSamples(8)
    const network = tinyNetwork(9)
    const logits = Float32Array.from(network.forward(inputs.subarray(0, 30 * SAMPLE), 30))
    const loss = softmaxCrossEntropy(
      new Float32Array(30 * CLASSES),
      new Float32Array(30 * CLASSES),
      logits,
      labels,
      30,
      CLASSES,
    )
    const accuracy = countCorrect(logits, labels, 30, CLASSES) / 30
    const result = evaluateBatches(network, inputs, labels, 30, 8)
    expect(result.count).toBe(30)
    expect(result.loss).toBeCloseTo(loss, 5)
    expect(result.accuracy).toBe(accuracy)
    expect(evaluateBatches(network, inputs, labels, 0, 8)).toEqual({ loss: 0, accuracy: 0, count: 0 })
  })
})

test('countCorrect takes the highest score per row', () => {
  // rows: (0, 2) → class 1 ✓; (1, 5) → class 1 ✗; (1, 1) is a tie → the lower class, 0 ✓
  expect(countCorrect(Float32Array.of(0, 2, 1, 5, 1, 1), [1, 0, 0], 3, 2)).toBe(2)
})

test('predictProbabilities gives rows that sum to 1 and rank like the logits, in a fresh array', () => {
  const network = tinyNetwork(10)
  const inputs = randomArray(3 * SAMPLE, 11)
  const probabilities = predictProbabilities(network, inputs, 3)
  const logits = network.forward(inputs, 3)
  expect(probabilities).not.toBe(logits)
  for (let n = 0; n < 3; n++) {
    const row = probabilities.subarray(n * CLASSES, (n + 1) * CLASSES)
    expect(row.reduce((a, b) => a + b)).toBeCloseTo(1, 6)
    expectClose(
      row.map((p) => Math.log(p) - Math.log(row[0])),
      logits.subarray(n * CLASSES, (n + 1) * CLASSES).map((z, _, r) => z - r[0]),
      { atol: 1e-4 },
    )
  }
})

describe('trainBatch with the new layer kinds and options', () => {
  const RESIDUAL: NetworkSpec = {
    name: 'residual',
    input: INPUT,
    layers: [
      { kind: 'conv', filters: 8, kernelSize: 3, pad: 'same', bias: false, id: 'stem' },
      { kind: 'batchNorm' },
      { kind: 'relu' },
      { kind: 'conv', filters: 8, kernelSize: 3, pad: 'same', bias: false },
      { kind: 'batchNorm' },
      { kind: 'add', from: 'stem' },
      { kind: 'relu' },
      { kind: 'maxPool', size: 2 },
      { kind: 'flatten' },
      { kind: 'dropout', rate: 0.1 },
      { kind: 'dense', units: CLASSES },
      { kind: 'softmax' },
    ],
  }

  test.each(['crossEntropy', 'mse'] as const)(
    'a residual net with batch norm and dropout memorises 32 random samples with %s (inference accuracy)',
    (loss) => {
      const { inputs, labels } = fixedSamples(12)
      const network = buildNetwork(RESIDUAL, new Random(13))
      const optimizer = new SgdMomentum(network.params(), { learningRate: 0.05, momentum: 0.9 })
      let accuracy = 0
      for (let step = 0; step < 150 && accuracy < 1; step++) {
        trainBatch(network, optimizer, inputs, labels, 32, { loss, stepSeed: step })
        accuracy = evaluateBatches(network, inputs, labels, 32, 32, loss).accuracy
      }
      expect(accuracy).toBe(1)
    },
  )

  test('takes any optimiser with zeroGrad and step, and calls them around the backward pass', () => {
    const { inputs, labels } = fixedSamples(14)
    const network = tinyNetwork(15)
    const calls: string[] = []
    const optimizer = {
      zeroGrad: () => {
        calls.push('zeroGrad')
        network.zeroGrad()
      },
      step: () => calls.push(`step with gradients: ${network.params().some((p) => p.grad.some((g) => g !== 0))}`),
    }
    const result = trainBatch(network, optimizer, inputs, labels, 32, { loss: 'mse' })
    expect(calls).toEqual(['zeroGrad', 'step with gradients: true'])
    expect(result.loss).toBeCloseTo(evaluateBatches(network, inputs, labels, 32, 32, 'mse').loss, 5)
  })
})

// Helpers shared by the engine tests: seeded random arrays, tolerant comparison that prints the first
// mismatches, and central-difference gradient checks for a single layer or a whole network.

import { expect } from 'vitest'
import { singleShardContext, zeroGradients } from '../../../app/engine/layer'
import type { ForwardContext, Layer } from '../../../app/engine/layer'
import { lossAndGradient } from '../../../app/engine/loss'
import type { LossKind } from '../../../app/engine/loss'
import type { Network } from '../../../app/engine/network'
import { Random } from '../../../app/engine/random'

/** Uniform values in [-scale, scale). */
export function randomArray(length: number, seed: number, scale = 1): Float32Array {
  const random = new Random(seed)
  return Float32Array.from({ length }, () => (2 * random.uniform() - 1) * scale)
}

/** Fails listing the first few indices where |actual − expected| > atol + rtol·|expected|. */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  { atol = 1e-5, rtol = 1e-4 }: { atol?: number; rtol?: number } = {},
): void {
  expect(actual.length).toBe(expected.length)
  const mismatches: string[] = []
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= atol + rtol * Math.abs(expected[i]))) {
      mismatches.push(`[${i}] got ${actual[i]}, expected ${expected[i]}`)
    }
  }
  expect(mismatches.slice(0, 5), `${mismatches.length} mismatches`).toEqual([])
}

/** max |a − n| / max(|a|, |n|, floor): relative where gradients are large, absolute (÷ floor) where tiny. */
export function maxRelativeError(
  analytic: ArrayLike<number>,
  numeric: ArrayLike<number>,
  floor = 1e-2,
): number {
  let worst = 0
  for (let i = 0; i < analytic.length; i++) {
    const scale = Math.max(Math.abs(analytic[i]), Math.abs(numeric[i]), floor)
    worst = Math.max(worst, Math.abs(analytic[i] - numeric[i]) / scale)
  }
  return worst
}

/** Central difference of f with respect to every value of x, using the float32-rounded step actually taken. */
export function numericGradient(x: Float32Array, f: () => number, epsilon: number): Float64Array {
  const gradient = new Float64Array(x.length)
  for (let i = 0; i < x.length; i++) {
    const saved = x[i]
    x[i] = saved + epsilon
    const plus = x[i]
    const fPlus = f()
    x[i] = saved - epsilon
    const minus = x[i]
    const fMinus = f()
    x[i] = saved
    gradient[i] = (fPlus - fMinus) / (plus - minus)
  }
  return gradient
}

export type GradientReport = { dInput: number; params: Record<string, number> }

/**
 * Checks a layer's backward against finite differences of the scalar f = Σ forward(input) · projection, whose
 * gradient with respect to the output is exactly `projection`. Returns the max relative error per array.
 * The context defaults to inference on one shard; a training context checks batch norm's batch statistics.
 */
export function checkLayerGradients(
  layer: Layer,
  input: Float32Array,
  batchSize: number,
  epsilon: number,
  context: ForwardContext = singleShardContext(batchSize, false),
): GradientReport {
  const outputLength = layer.forward(input, batchSize, context).length
  const projection = randomArray(outputLength, 99)
  const f = (): number => {
    const out = layer.forward(input, batchSize, context)
    let sum = 0
    for (let i = 0; i < out.length; i++) {
      sum += out[i] * projection[i]
    }
    return sum
  }
  zeroGradients(layer.params())
  layer.forward(input, batchSize, context)
  const dInput = Float32Array.from(layer.backward(projection, context))
  const report: GradientReport = {
    dInput: maxRelativeError(dInput, numericGradient(input, f, epsilon)),
    params: {},
  }
  for (const param of layer.params()) {
    report.params[param.name] = maxRelativeError(param.grad, numericGradient(param.value, f, epsilon))
  }
  return report
}

export type NetworkGradientReport = {
  /** Max relative error per param name, and under 'input' for the gradient with respect to the input. */
  errors: Record<string, number>
  checked: number
  skipped: number
}

export type NetworkCheckOptions = Readonly<{ loss?: LossKind; context?: ForwardContext }>

/**
 * Runs the network forward and returns the loss together with its "activation pattern": which (leaky) ReLU
 * outputs are positive and which inputs won each max-pool window (found through the pool's own backward with a
 * gradient of ones). Where the pattern is unchanged, the network is a smooth function of its weights.
 */
function lossAndPattern(
  network: Network,
  input: Float32Array,
  labels: ArrayLike<number>,
  batchSize: number,
  options: NetworkCheckOptions,
) {
  const { loss: lossKind = 'crossEntropy', context = singleShardContext(batchSize, false) } = options
  const pattern: number[] = []
  const logits = network.forward(input, batchSize, context, (index, values) => {
    const layer = network.layers[index]
    if (layer.kind === 'relu' || layer.kind === 'leakyRelu') {
      values.forEach((value) => pattern.push(value > 0 ? 1 : 0))
    } else if (layer.kind === 'maxPool') {
      layer.backward(new Float32Array(values.length).fill(1), context).forEach((value) => pattern.push(value))
    }
  })
  const K = network.classCount
  const scratch = () => new Float32Array(batchSize * K)
  const loss = lossAndGradient(lossKind, scratch(), scratch(), logits, labels, batchSize, K)
  return { loss, pattern: pattern.join('') }
}

/**
 * The same check through a whole network, with a real loss of the logits, for every parameter and for the input.
 * Deep inside a network, a step of ±epsilon on one value can move a ReLU input across 0 or change a pooling
 * window's winner; there the loss has a kink and no finite difference is its derivative. Such coordinates are
 * detected exactly (the activation pattern at +epsilon or −epsilon differs from the one at the point) and skipped.
 */
export function checkNetworkGradients(
  network: Network,
  input: Float32Array,
  labels: ArrayLike<number>,
  batchSize: number,
  epsilon: number,
  options: NetworkCheckOptions = {},
): NetworkGradientReport {
  const { loss: lossKind = 'crossEntropy', context = singleShardContext(batchSize, false) } = options
  const K = network.classCount
  const dLogits = new Float32Array(batchSize * K)
  network.zeroGrad()
  const logits = network.forward(input, batchSize, context)
  lossAndGradient(lossKind, new Float32Array(batchSize * K), dLogits, logits, labels, batchSize, K)
  const dInput = Float32Array.from(network.backward(dLogits, context))
  const base = lossAndPattern(network, input, labels, batchSize, options).pattern
  const report: NetworkGradientReport = { errors: {}, checked: 0, skipped: 0 }
  const targets = [...network.params().map((param) => ({ ...param })), { name: 'input', value: input, grad: dInput }]
  for (const { name, value: x, grad } of targets) {
    const analytic: number[] = []
    const numeric: number[] = []
    for (let i = 0; i < x.length; i++) {
      const saved = x[i]
      x[i] = saved + epsilon
      const plus = { step: x[i], ...lossAndPattern(network, input, labels, batchSize, options) }
      x[i] = saved - epsilon
      const minus = { step: x[i], ...lossAndPattern(network, input, labels, batchSize, options) }
      x[i] = saved
      if (plus.pattern !== base || minus.pattern !== base) {
        report.skipped++
        continue
      }
      report.checked++
      analytic.push(grad[i])
      numeric.push((plus.loss - minus.loss) / (plus.step - minus.step))
    }
    report.errors[name] = maxRelativeError(analytic, numeric)
  }
  return report
}

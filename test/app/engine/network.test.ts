import { describe, expect, test } from 'vitest'
import { buildNetwork } from '../../../app/engine/network'
import { Random } from '../../../app/engine/random'
import type { NetworkSpec } from '../../../app/model/networkSpec'
import { presetSpec } from '../../../app/model/presets'
import { inferShapes } from '../../../app/model/shapeInference'
import { expectClose, randomArray } from './testUtils'

const LENET = presetSpec('lenet', { height: 28, width: 28, channels: 1 }, 10)

function statistics(values: Float32Array): { mean: number; variance: number; maxAbs: number } {
  const mean = values.reduce((sum, x) => sum + x, 0) / values.length
  const variance = values.reduce((sum, x) => sum + (x - mean) ** 2, 0) / values.length
  return { mean, variance, maxAbs: values.reduce((max, x) => Math.max(max, Math.abs(x)), 0) }
}

describe('buildNetwork', () => {
  test('builds one layer per spec layer except the fused softmax, with parameters as inferShapes counts them', () => {
    const network = buildNetwork(LENET, new Random(1))
    expect(network.layers.map((layer) => layer.kind)).toEqual(
      LENET.layers.slice(0, -1).map((layer) => layer.kind),
    )
    expect(network.classCount).toBe(10)
    expect(network.parameterCount()).toBe(inferShapes(LENET).totalParameters)
    const names = network.params().map((param) => param.name)
    expect(names.slice(0, 4)).toEqual([
      'layers.0.weights',
      'layers.0.bias',
      'layers.3.weights',
      'layers.3.bias',
    ])
    expect(new Set(names).size).toBe(names.length)
    const summary = inferShapes(LENET)
    network.layers.forEach((layer, index) => {
      expect([layer.inputShape, layer.outputShape]).toEqual([
        summary.layers[index].inputShape,
        summary.layers[index].outputShape,
      ])
    })
  })

  test('throws the inferShapes message of the first bad layer', () => {
    const spec: NetworkSpec = { ...LENET, input: { height: 8, width: 8, channels: 1 } }
    expect(() => buildNetwork(spec, new Random(1))).toThrow(inferShapes(spec).errors[0])
    expect(inferShapes(spec).errors[0]).toMatch(/^layer 4 \(conv\): kernel 5×5 is larger/)
  })

  test('He-normal before a ReLU, Glorot-uniform otherwise, biases zero', () => {
    const network = buildNetwork(LENET, new Random(2))
    const byName = new Map(network.params().map((param) => [param.name, param.value]))
    // conv 5×5×6 → 16, followed by relu: fanIn = 5·5·6 = 150
    const conv2 = statistics(byName.get('layers.3.weights')!)
    expect(Math.abs(conv2.mean)).toBeLessThan(0.01)
    expect(Math.sqrt(conv2.variance) / Math.sqrt(2 / 150)).toBeCloseTo(1, 1)
    // dense 400 → 120, followed by relu: fanIn = 400
    const dense1 = statistics(byName.get('layers.7.weights')!)
    expect(Math.sqrt(dense1.variance) / Math.sqrt(2 / 400)).toBeCloseTo(1, 1)
    // last dense 84 → 10, followed by softmax: Uniform(±sqrt(6 / 94)), variance limit²/3
    const limit = Math.sqrt(6 / (84 + 10))
    const dense3 = statistics(byName.get('layers.11.weights')!)
    expect(dense3.maxAbs).toBeLessThanOrEqual(limit)
    expect(dense3.variance / (limit ** 2 / 3)).toBeCloseTo(1, 1)
    for (const param of network.params().filter((p) => p.name.endsWith('.bias'))) {
      expect(param.value.every((value) => value === 0)).toBe(true)
    }
  })

  test('the same seed gives the same weights; getWeights/setWeights round-trip', () => {
    const a = buildNetwork(LENET, new Random(3))
    const b = buildNetwork(LENET, new Random(3))
    expect(a.getWeights()).toEqual(b.getWeights())
    const c = buildNetwork(LENET, new Random(4))
    expect(c.getWeights()).not.toEqual(a.getWeights())
    c.setWeights(a.getWeights())
    expect(c.getWeights()).toEqual(a.getWeights())
    expect(() => c.setWeights(new Float32Array(5))).toThrow(/got 5 values, expected 61706/)
  })
})

describe('Network', () => {
  test('forward gives (N, classes) logits; a smaller batch after a larger one gives the same rows', () => {
    const network = buildNetwork(LENET, new Random(5))
    const input = randomArray(4 * 28 * 28, 6)
    const logits = Float32Array.from(network.forward(input, 4))
    expect(logits.length).toBe(4 * 10)
    expect(logits.every(Number.isFinite)).toBe(true)
    expectClose(network.forward(input.subarray(0, 2 * 28 * 28), 2), logits.subarray(0, 20))
    expect(() => network.forward(input, 3)).toThrow(
      /Network.forward: got 3136 values, expected N\*C\*H\*W = 3\*1\*28\*28/,
    )
  })

  test('backward accumulates into grads until zeroGrad', () => {
    const network = buildNetwork(presetSpec('tiny', { height: 6, width: 6, channels: 2 }, 3), new Random(7))
    const dLogits = randomArray(2 * 3, 8)
    network.zeroGrad()
    network.forward(randomArray(2 * 6 * 6 * 2, 9), 2)
    network.backward(dLogits)
    const once = network.params().map((param) => Float32Array.from(param.grad))
    expect(once.some((grad) => grad.some((value) => value !== 0))).toBe(true)
    network.backward(dLogits)
    network.params().forEach((param, index) =>
      expectClose(
        param.grad,
        once[index].map((value) => 2 * value),
      ),
    )
    network.zeroGrad()
    expect(network.params().every((param) => param.grad.every((value) => value === 0))).toBe(true)
  })
})

describe('buildNetwork with the new layer kinds', () => {
  test.each(['cifarClassic', 'vggSmall', 'resnetSmall'] as const)(
    '%s builds with the shapes and parameter count shape inference gives',
    (name) => {
      const spec = presetSpec(name, { height: 32, width: 32, channels: 3 }, 10)
      const network = buildNetwork(spec, new Random(20))
      const summary = inferShapes(spec)
      expect(network.parameterCount()).toBe(summary.totalParameters)
      expect(network.layers.map((layer) => [layer.kind, layer.outputShape])).toEqual(
        summary.layers.slice(0, -1).map((layer) => [layer.kind, layer.outputShape]),
      )
      const decayed = network.params().filter((param) => param.decay).map((param) => param.name)
      expect(decayed.every((name) => /\.(weights|projection\.weights)$/.test(name))).toBe(true)
      expect(network.params().filter((param) => /(bias|gamma|beta)$/.test(param.name)).every((p) => !p.decay)).toBe(
        true,
      )
    },
  )

  test('a conv that feeds a ReLU through batch norm gets He-normal weights', () => {
    // resnetSmall's stem: conv 3×3, 3 → 16 channels, then batch norm, then ReLU: fanIn = 27.
    const network = buildNetwork(presetSpec('resnetSmall', { height: 32, width: 32, channels: 3 }, 10), new Random(21))
    const stem = statistics(network.params()[0].value)
    expect(network.params()[0].name).toBe('layers.0.weights')
    expect(Math.sqrt(stem.variance) / Math.sqrt(2 / 27)).toBeCloseTo(1, 1)
    const gamma = network.params().find((param) => param.name === 'layers.1.gamma')!
    expect(gamma.value.every((value) => value === 1)).toBe(true)
  })
})

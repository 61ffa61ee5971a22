import { describe, expect, test } from 'vitest'
import type { Param } from '../../../../app/engine/layer'
import { DEFAULT_OPTIMIZER_SETTINGS, createOptimizer } from '../../../../app/engine/optim'
import type { OptimizerSettings } from '../../../../app/engine/optim'
import fixture from '../../../fixtures/optimizers.json'
import { expectClose } from '../testUtils'

// Reference trajectories from torch.optim.SGD / Adam / AdamW (scripts/fixtures/optimizers.py): `weights` is in a
// param group with the case's weight decay, `bias` in one with none. Here bias leaves decay unset, which must mean
// "no decay" just like decay: false.
function makeParams(): Param[] {
  return [
    {
      name: 'weights',
      value: Float32Array.from(fixture.initial.weights),
      grad: new Float32Array(fixture.initial.weights.length),
      decay: true,
    },
    { name: 'bias', value: Float32Array.from(fixture.initial.bias), grad: new Float32Array(fixture.initial.bias.length) },
  ]
}

function settingsOf(raw: (typeof fixture.optimizers)[number]['settings']): OptimizerSettings {
  return { ...raw, kind: raw.kind as OptimizerSettings['kind'] }
}

function applyStep(params: Param[], step: number, optimizer: ReturnType<typeof createOptimizer>): void {
  optimizer.zeroGrad()
  params[0].grad.set(fixture.gradients[step].weights)
  params[1].grad.set(fixture.gradients[step].bias)
  optimizer.step(fixture.learningRates[step])
}

describe.each(fixture.optimizers.map((c) => [c.name, c] as const))('%s matches PyTorch', (_name, reference) => {
  test('after every step (learning rate changing between steps)', () => {
    const params = makeParams()
    const optimizer = createOptimizer(params, settingsOf(reference.settings))
    expect(optimizer.kind).toBe(reference.settings.kind)
    reference.trajectory.forEach((expected, step) => {
      applyStep(params, step, optimizer)
      expectClose(params[0].value, expected.weights, { atol: 1e-7, rtol: 2e-6 })
      expectClose(params[1].value, expected.bias, { atol: 1e-7, rtol: 2e-6 })
    })
    if ('finalState' in reference && reference.finalState) {
      // Adam's state layout: [step mod 2^24, step / 2^24, m of each param, v of each param].
      const { step, firstMoments, secondMoments } = reference.finalState
      const state = optimizer.getState()
      expect(Array.from(state.subarray(0, 2))).toEqual([step, 0])
      expectClose(state.subarray(2), [...firstMoments.flat(), ...secondMoments.flat()], { atol: 1e-7, rtol: 1e-5 })
    }
  })

  test('a copy restored from getState after 3 steps continues bit-identically', () => {
    const params = makeParams()
    const optimizer = createOptimizer(params, settingsOf(reference.settings))
    for (let step = 0; step < 3; step++) {
      applyStep(params, step, optimizer)
    }
    const resumedParams = makeParams()
    resumedParams.forEach((param, i) => param.value.set(params[i].value))
    const resumed = createOptimizer(resumedParams, settingsOf(reference.settings))
    const saved = optimizer.getState()
    expect(saved.length).toBe(optimizer.stateLength())
    resumed.setState(saved)
    for (let step = 3; step < fixture.learningRates.length; step++) {
      applyStep(params, step, optimizer)
      applyStep(resumedParams, step, resumed)
    }
    expect(Array.from(resumedParams[0].value)).toEqual(Array.from(params[0].value))
    expect(Array.from(resumedParams[1].value)).toEqual(Array.from(params[1].value))
    expect(Array.from(resumed.getState())).toEqual(Array.from(optimizer.getState()))
  })
})

test('the fixture covers every algorithm and variant the settings offer', () => {
  const names = fixture.optimizers.map((c) => c.name)
  for (const wanted of ['sgd plain', 'sgd momentum', 'sgd nesterov', 'sgd weight decay', 'adam', 'adamw']) {
    expect(names).toContain(wanted)
  }
})

test('state lengths: one velocity per value for SGD; two moments per value plus two step words for Adam', () => {
  const sgd = createOptimizer(makeParams(), DEFAULT_OPTIMIZER_SETTINGS)
  const adam = createOptimizer(makeParams(), { ...DEFAULT_OPTIMIZER_SETTINGS, kind: 'adam' })
  expect(sgd.stateLength()).toBe(8)
  expect(adam.stateLength()).toBe(2 + 2 * 8)
  expect(() => sgd.setState(new Float32Array(7))).toThrow(/got 7 values, expected 8/)
  expect(() => adam.setState(new Float32Array(17))).toThrow(/got 17 values, expected 18/)
  const badStep = new Float32Array(18)
  badStep[0] = 1.5
  expect(() => adam.setState(badStep)).toThrow(/step count/)
})

test('zeroGrad clears every gradient', () => {
  const params = makeParams()
  params[0].grad.fill(3)
  params[1].grad.fill(-1)
  createOptimizer(params, { ...DEFAULT_OPTIMIZER_SETTINGS, kind: 'adamw' }).zeroGrad()
  expect([...params[0].grad, ...params[1].grad].every((g) => g === 0)).toBe(true)
})

test('hand-computed: one AdamW step with a zero gradient only shrinks decayed weights by lr·wd', () => {
  // m = v = 0, so the Adam part is 0 / (0 + eps) = 0 and only value *= 1 − 0.1·0.5 remains.
  const params = makeParams()
  createOptimizer(params, { ...DEFAULT_OPTIMIZER_SETTINGS, kind: 'adamw', weightDecay: 0.5 }).step(0.1)
  expectClose(params[0].value, fixture.initial.weights.map((w) => w * 0.95), { atol: 0, rtol: 1e-6 })
  expectClose(params[1].value, fixture.initial.bias, { atol: 0, rtol: 0 })
})

test('refuses settings outside their ranges and a learning rate that is not a finite number ≥ 0', () => {
  const make = (overrides: Partial<OptimizerSettings>) => () =>
    createOptimizer([], { ...DEFAULT_OPTIMIZER_SETTINGS, ...overrides })
  expect(make({ kind: 'rmsprop' as OptimizerSettings['kind'] })).toThrow(/kind must be one of sgd, adam, adamw/)
  expect(make({ momentum: 1 })).toThrow(/momentum must be in \[0, 1\), got 1/)
  expect(make({ momentum: 0, nesterov: true })).toThrow(/Nesterov momentum needs a momentum > 0/)
  expect(make({ weightDecay: Number.NaN })).toThrow(/weightDecay must be a finite number ≥ 0, got NaN/)
  expect(make({ kind: 'adam', beta2: 1 })).toThrow(/beta2 must be in \[0, 1\), got 1/)
  expect(make({ kind: 'adam', epsilon: 0 })).toThrow(/epsilon must be a finite number > 0, got 0/)
  const optimizer = createOptimizer(makeParams(), { ...DEFAULT_OPTIMIZER_SETTINGS, kind: 'adam' })
  expect(() => optimizer.step(Number.NaN)).toThrow(/Adam.step: learningRate must be a finite number ≥ 0, got NaN/)
  expect(() => optimizer.step(-0.1)).toThrow(/got -0.1/)
})

import { expect, test } from 'vitest'
import { createParam } from '../../../app/engine/layer'
import { SgdMomentum } from '../../../app/engine/sgd'

test('two momentum steps match the textbook form v = μv − lr·g, w += v, computed by hand', () => {
  const param = createParam('w', 2)
  param.value.set([1, -2])
  const optimizer = new SgdMomentum([param], { learningRate: 0.1, momentum: 0.9 })
  // Step 1, grad (0.5, 1): v = (−0.05, −0.1), w = (0.95, −2.1)
  param.grad.set([0.5, 1])
  optimizer.step()
  expect(param.value[0]).toBeCloseTo(0.95, 6)
  expect(param.value[1]).toBeCloseTo(-2.1, 6)
  // Step 2, grad (−1, 0): v = 0.9·(−0.05) + 0.1 = 0.055 and 0.9·(−0.1) − 0 = −0.09; w = (1.005, −2.19)
  param.grad.set([-1, 0])
  optimizer.step()
  expect(param.value[0]).toBeCloseTo(1.005, 6)
  expect(param.value[1]).toBeCloseTo(-2.19, 6)

  optimizer.zeroGrad()
  expect(Array.from(param.grad)).toEqual([0, 0])
})

test('state round-trips: a restored optimiser continues exactly like the original', () => {
  const make = (): [ReturnType<typeof createParam>, SgdMomentum] => {
    const param = createParam('w', 3)
    param.value.set([1, 2, 3])
    return [param, new SgdMomentum([param], { learningRate: 0.05, momentum: 0.8 })]
  }
  const [paramA, optimizerA] = make()
  paramA.grad.set([1, -1, 0.5])
  optimizerA.step()
  const [paramB, optimizerB] = make()
  paramB.value.set(paramA.value)
  optimizerB.setState(optimizerA.getState())
  for (const [param, optimizer] of [
    [paramA, optimizerA],
    [paramB, optimizerB],
  ] as const) {
    param.grad.set([0.2, 0.3, -0.4])
    optimizer.step()
  }
  expect(Array.from(paramB.value)).toEqual(Array.from(paramA.value))
  expect(() => optimizerB.setState(new Float32Array(2))).toThrow(/got 2 values, expected 3/)
})

test('rejects a momentum of 1 or more and a negative learning rate', () => {
  expect(() => new SgdMomentum([], { learningRate: 0.1, momentum: 1 })).toThrow(
    /momentum must be in \[0, 1\), got 1/,
  )
  expect(() => new SgdMomentum([], { learningRate: -1, momentum: 0 })).toThrow(/learningRate .* got -1/)
})

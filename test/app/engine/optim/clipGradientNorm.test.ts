import { expect, test } from 'vitest'
import { createParam } from '../../../../app/engine/layer'
import { clipGradientNorm } from '../../../../app/engine/optim'
import fixture from '../../../fixtures/optimizers.json'
import { expectClose } from '../testUtils'

function paramsWithGradients(gradients: number[][]) {
  return gradients.map((values, i) => {
    const param = createParam(`p${i}`, values.length)
    param.grad.set(values)
    return param
  })
}

test.each(fixture.clipping.map((c) => [c.name, c] as const))(
  '%s: norm and clipped gradients match torch.nn.utils.clip_grad_norm_',
  (_name, reference) => {
    const params = paramsWithGradients(reference.gradients)
    const norm = clipGradientNorm(params, reference.maxNorm)
    expect(norm).toBeCloseTo(reference.norm, 5)
    params.forEach((param, i) => expectClose(param.grad, reference.clipped[i], { atol: 1e-7, rtol: 1e-6 }))
  },
)

test('hand-computed: gradients (3, −4) and (12) have norm 13; clipping to 6.5 halves them (up to the 1e-6)', () => {
  const params = paramsWithGradients([[3, -4], [12]])
  expect(clipGradientNorm(params, 6.5)).toBe(13)
  const scale = 6.5 / (13 + 1e-6)
  expectClose(params[0].grad, [3 * scale, -4 * scale], { atol: 0, rtol: 1e-7 })
  expectClose(params[1].grad, [12 * scale], { atol: 0, rtol: 1e-7 })
})

test('leaves gradients exactly as they are when the norm is within the limit', () => {
  const params = paramsWithGradients([[0.1, 0.2], [-0.3]])
  const before = params.map((param) => Array.from(param.grad))
  const norm = clipGradientNorm(params, 1)
  expect(norm).toBeCloseTo(Math.sqrt(0.14), 7)
  expect(params.map((param) => Array.from(param.grad))).toEqual(before)
})

test('refuses a maxNorm that is not a finite number > 0', () => {
  expect(() => clipGradientNorm([], 0)).toThrow(/maxNorm must be a finite number > 0, got 0/)
  expect(() => clipGradientNorm([], Number.POSITIVE_INFINITY)).toThrow(/got Infinity/)
})

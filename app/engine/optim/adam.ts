// Adam and AdamW, step for step as torch.optim.Adam and torch.optim.AdamW (PyTorch 1.13, _single_tensor_adam(w),
// amsgrad off). Float32 storage, float64 arithmetic within one update. With t the step count after increment:
//
//   adamw:  value *= 1 − learningRate·weightDecay          (decoupled decay, before the update)
//   adam:   g = grad + weightDecay·value                   (L2 decay added to the gradient)
//   m = beta1·m + (1 − beta1)·g,   v = beta2·v + (1 − beta2)·g²
//   value −= (learningRate / (1 − beta1^t)) · m / (√v / √(1 − beta2^t) + epsilon)
//
// Decay applies only to params with decay: true. State: [t mod 2^24, ⌊t / 2^24⌋, all m, all v] (params order);
// the step count is split so it stays exact in float32 far beyond any run.

import { assert } from '../assert'
import { zeroGradients } from '../layer'
import type { Param } from '../layer'
import { concatenate, splitInto } from '../tensor'
import { checkLearningRate, totalValueCount } from './optimizer'
import type { Optimizer, OptimizerSettings } from './optimizer'

export type AdamSettings = Pick<OptimizerSettings, 'beta1' | 'beta2' | 'epsilon' | 'weightDecay'>

const STEP_WORD = 2 ** 24 // integers below this are exact in float32

/** Settings are checked by createOptimizer (checkOptimizerSettings); construct through it from outside input. */
export class Adam implements Optimizer {
  private stepCount = 0
  private readonly firstMoments: readonly Float32Array[]
  private readonly secondMoments: readonly Float32Array[]

  constructor(
    readonly kind: 'adam' | 'adamw',
    private readonly params: readonly Param[],
    private readonly settings: AdamSettings,
  ) {
    this.firstMoments = params.map((param) => new Float32Array(param.value.length))
    this.secondMoments = params.map((param) => new Float32Array(param.value.length))
  }

  step(learningRate: number): void {
    checkLearningRate(`${this.kind === 'adam' ? 'Adam' : 'AdamW'}.step`, learningRate)
    const { beta1, beta2, epsilon, weightDecay } = this.settings
    this.stepCount++
    const stepSize = learningRate / (1 - beta1 ** this.stepCount)
    const secondCorrection = Math.sqrt(1 - beta2 ** this.stepCount)
    const decoupled = this.kind === 'adamw'
    for (let p = 0; p < this.params.length; p++) {
      const { value, grad, decay } = this.params[p]
      const m = this.firstMoments[p]
      const v = this.secondMoments[p]
      const decayHere = decay === true ? weightDecay : 0
      // One loop for both: Adam has shrink 1 (exact), AdamW has l2 0.
      const shrink = decoupled ? 1 - learningRate * decayHere : 1
      const l2 = decoupled ? 0 : decayHere
      for (let i = 0; i < value.length; i++) {
        const w = value[i] * shrink
        const g = grad[i] + l2 * w
        m[i] = beta1 * m[i] + (1 - beta1) * g
        v[i] = beta2 * v[i] + (1 - beta2) * g * g
        value[i] = w - (stepSize * m[i]) / (Math.sqrt(v[i]) / secondCorrection + epsilon)
      }
    }
  }

  zeroGrad(): void {
    zeroGradients(this.params)
  }

  getState(): Float32Array {
    const steps = Float32Array.of(this.stepCount % STEP_WORD, Math.floor(this.stepCount / STEP_WORD))
    return concatenate([steps, ...this.firstMoments, ...this.secondMoments])
  }

  setState(state: Float32Array): void {
    const expected = this.stateLength()
    const where = `${this.kind === 'adam' ? 'Adam' : 'AdamW'}.setState`
    assert(state.length === expected, () => `${where}: got ${state.length} values, expected ${expected}`)
    const [low, high] = state
    assert(
      Number.isInteger(low) && Number.isInteger(high) && low >= 0 && low < STEP_WORD && high >= 0,
      () =>
        `${where}: the first two values must hold a step count (whole numbers, the first < 2^24), ` +
        `got ${low}, ${high}`,
    )
    splitInto([...this.firstMoments, ...this.secondMoments], state.subarray(2), where)
    this.stepCount = high * STEP_WORD + low
  }

  stateLength(): number {
    return 2 + 2 * totalValueCount(this.params)
  }
}

// Stochastic gradient descent, plain, with momentum or with Nesterov momentum, step for step as torch.optim.SGD
// with dampening 0 (PyTorch 1.13, _single_tensor_sgd). Float32 storage, float64 arithmetic within one update.
//
//   d        = grad + weightDecay·value            (L2 decay, only for params with decay: true)
//   velocity = momentum·velocity + d               (velocity starts at 0, so step 1 gives velocity = d, as torch)
//   value   -= learningRate · (nesterov ? d + momentum·velocity : velocity)
//
// With momentum 0 the velocity is just d and the update is plain SGD; the buffer is kept anyway so the state has
// one length whatever the settings. State: the velocities concatenated in params order.

import { zeroGradients } from '../layer'
import type { Param } from '../layer'
import { concatenate, splitInto } from '../tensor'
import { checkLearningRate, totalValueCount } from './optimizer'
import type { Optimizer, OptimizerSettings } from './optimizer'

export type SgdSettings = Pick<OptimizerSettings, 'momentum' | 'nesterov' | 'weightDecay'>

/** Settings are checked by createOptimizer (checkOptimizerSettings); construct through it from outside input. */
export class Sgd implements Optimizer {
  readonly kind = 'sgd'
  private readonly velocities: readonly Float32Array[]

  constructor(
    private readonly params: readonly Param[],
    private readonly settings: SgdSettings,
  ) {
    this.velocities = params.map((param) => new Float32Array(param.value.length))
  }

  step(learningRate: number): void {
    checkLearningRate('Sgd.step', learningRate)
    const { momentum, nesterov, weightDecay } = this.settings
    for (let p = 0; p < this.params.length; p++) {
      const { value, grad, decay } = this.params[p]
      const velocity = this.velocities[p]
      const l2 = decay === true ? weightDecay : 0
      for (let i = 0; i < value.length; i++) {
        const d = grad[i] + l2 * value[i]
        velocity[i] = momentum * velocity[i] + d
        // Read back the stored (float32) velocity, as torch does when it uses its buffer.
        value[i] -= learningRate * (nesterov ? d + momentum * velocity[i] : velocity[i])
      }
    }
  }

  zeroGrad(): void {
    zeroGradients(this.params)
  }

  getState(): Float32Array {
    return concatenate(this.velocities)
  }

  setState(state: Float32Array): void {
    splitInto(this.velocities, state, 'Sgd.setState')
  }

  stateLength(): number {
    return totalValueCount(this.params)
  }
}

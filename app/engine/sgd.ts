// Stochastic gradient descent with momentum: the optimiser of the first release. Adam and learning-rate schedules
// come later and will see the same Param list. It zeroes gradients (zeroGrad) because backward accumulates.
//
// Update, in PyTorch's form (torch.optim.SGD with dampening 0, no Nesterov, no weight decay):
//   velocity = momentum * velocity + grad
//   value   -= learningRate * velocity
// At a constant learning rate this is the same trajectory as the textbook v = momentum*v − learningRate*grad,
// w += v (our velocity is that v divided by −learningRate). We use PyTorch's form so that changing the learning
// rate mid-run behaves as it does there, and the saved velocity does not depend on the learning rate.

import { assert } from './assert'
import { zeroGradients } from './layer'
import type { Param } from './layer'
import { concatenate, splitInto } from './tensor'

export type SgdOptions = Readonly<{ learningRate: number; momentum: number }>

export class SgdMomentum {
  /** May be changed between steps (schedules); the velocity state stays valid. */
  learningRate: number
  readonly momentum: number
  private readonly velocities: readonly Float32Array[]

  constructor(
    private readonly params: readonly Param[],
    options: SgdOptions,
  ) {
    const { learningRate, momentum } = options
    assert(
      Number.isFinite(learningRate) && learningRate >= 0,
      () => `SgdMomentum: learningRate must be a finite number ≥ 0, got ${learningRate}`,
    )
    assert(momentum >= 0 && momentum < 1, () => `SgdMomentum: momentum must be in [0, 1), got ${momentum}`)
    this.learningRate = learningRate
    this.momentum = momentum
    this.velocities = params.map((param) => new Float32Array(param.value.length))
  }

  /** One update of every parameter from its accumulated gradient. */
  step(): void {
    const { learningRate, momentum } = this
    for (let p = 0; p < this.params.length; p++) {
      const { value, grad } = this.params[p]
      const velocity = this.velocities[p]
      for (let i = 0; i < value.length; i++) {
        velocity[i] = momentum * velocity[i] + grad[i]
        value[i] -= learningRate * velocity[i]
      }
    }
  }

  zeroGrad(): void {
    zeroGradients(this.params)
  }

  /** The velocities concatenated in params order (a copy), for checkpoints. */
  getState(): Float32Array {
    return concatenate(this.velocities)
  }

  setState(state: Float32Array): void {
    splitInto(this.velocities, state, 'SgdMomentum.setState')
  }
}

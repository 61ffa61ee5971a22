// Stochastic gradient descent with momentum: the optimiser of the first release, kept with its public API for the
// trainer that uses it (learning rate as a field). It is now a thin front for optim/sgd.ts, which implements
// torch.optim.SGD in full (Nesterov, weight decay); new code should use createOptimizer from ./optim.
//
// Update, in PyTorch's form (torch.optim.SGD with dampening 0, no Nesterov, no weight decay):
//   velocity = momentum * velocity + grad
//   value   -= learningRate * velocity
// At a constant learning rate this is the same trajectory as the textbook v = momentum*v − learningRate*grad,
// w += v (our velocity is that v divided by −learningRate). We use PyTorch's form so that changing the learning
// rate mid-run behaves as it does there, and the saved velocity does not depend on the learning rate.

import { assert } from './assert'
import type { Param } from './layer'
import { Sgd } from './optim/sgd'

export type SgdOptions = Readonly<{ learningRate: number; momentum: number }>

export class SgdMomentum {
  /** May be changed between steps (schedules); the velocity state stays valid. */
  learningRate: number
  readonly momentum: number
  private readonly sgd: Sgd

  constructor(params: readonly Param[], options: SgdOptions) {
    const { learningRate, momentum } = options
    assert(
      Number.isFinite(learningRate) && learningRate >= 0,
      () => `SgdMomentum: learningRate must be a finite number ≥ 0, got ${learningRate}`,
    )
    assert(momentum >= 0 && momentum < 1, () => `SgdMomentum: momentum must be in [0, 1), got ${momentum}`)
    this.learningRate = learningRate
    this.momentum = momentum
    this.sgd = new Sgd(params, { momentum, nesterov: false, weightDecay: 0 })
  }

  /** One update of every parameter from its accumulated gradient. */
  step(): void {
    this.sgd.step(this.learningRate)
  }

  zeroGrad(): void {
    this.sgd.zeroGrad()
  }

  /** The velocities concatenated in params order (a copy), for checkpoints. */
  getState(): Float32Array {
    return this.sgd.getState()
  }

  setState(state: Float32Array): void {
    this.sgd.setState(state)
  }
}

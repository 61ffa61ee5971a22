// The optimiser contract and its settings: what the trainer builds from the run's hyperparameters and what a
// checkpoint saves (getState). The algorithms live beside this file (sgd.ts, adam.ts); createOptimizer in
// index.ts picks one. Not here: learning-rate schedules (../schedule.ts), gradient clipping (clipGradientNorm.ts).

import { assert } from '../assert'
import type { Param } from '../layer'

export type OptimizerKind = 'sgd' | 'adam' | 'adamw'

export const OPTIMIZER_KINDS: readonly OptimizerKind[] = ['sgd', 'adam', 'adamw']

/**
 * Every optimiser's settings in one flat record, so a form or a config file can hold them all; each algorithm
 * reads the fields it uses. Names and defaults follow torch.optim (momentum ↔ SGD, beta1/beta2/epsilon ↔ Adam).
 */
export type OptimizerSettings = Readonly<{
  kind: OptimizerKind
  /** SGD only: velocity = momentum·velocity + gradient. 0 gives plain SGD. In [0, 1). */
  momentum: number
  /** SGD only: Nesterov's variant (needs momentum > 0, as in PyTorch). */
  nesterov: boolean
  /** ≥ 0, only for params with decay: true. L2 (added to the gradient) for sgd/adam, decoupled for adamw. */
  weightDecay: number
  /** Adam/AdamW: decay rates of the first and second moment averages, in [0, 1). */
  beta1: number
  beta2: number
  /** Adam/AdamW: added to the denominator, > 0. */
  epsilon: number
}>

export const DEFAULT_OPTIMIZER_SETTINGS: OptimizerSettings = {
  kind: 'sgd',
  momentum: 0.9,
  nesterov: false,
  weightDecay: 0,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
}

/**
 * Updates a fixed list of params from their accumulated gradients. The learning rate is an argument of step, not
 * state, so a schedule (learningRateAt) can set it from the step index alone and a resumed run agrees exactly.
 */
export interface Optimizer {
  readonly kind: OptimizerKind
  /** One update of every param from its gradient; learningRate is finite and ≥ 0. */
  step(learningRate: number): void
  /** Sets every gradient to zero (backward accumulates). */
  zeroGrad(): void
  /** The whole state (moments, step count) as a copy; setState(getState()) continues bit-identically. */
  getState(): Float32Array
  setState(state: Float32Array): void
  /** The length of getState(), fixed by the params: a checkpoint can check it before reading. */
  stateLength(): number
}

/** Throws naming the first setting outside its range; `where` prefixes the message. */
export function checkOptimizerSettings(settings: OptimizerSettings, where: string): void {
  const { kind, momentum, nesterov, weightDecay, beta1, beta2, epsilon } = settings
  assert(
    OPTIMIZER_KINDS.includes(kind),
    () => `${where}: kind must be one of ${OPTIMIZER_KINDS.join(', ')}, got ${kind}`,
  )
  const inUnitInterval = (value: number) => value >= 0 && value < 1
  assert(inUnitInterval(momentum), () => `${where}: momentum must be in [0, 1), got ${momentum}`)
  assert(typeof nesterov === 'boolean', () => `${where}: nesterov must be true or false, got ${nesterov}`)
  assert(
    !(kind === 'sgd' && nesterov && momentum === 0),
    () => `${where}: Nesterov momentum needs a momentum > 0, got momentum ${momentum}`,
  )
  assert(
    Number.isFinite(weightDecay) && weightDecay >= 0,
    () => `${where}: weightDecay must be a finite number ≥ 0, got ${weightDecay}`,
  )
  assert(inUnitInterval(beta1), () => `${where}: beta1 must be in [0, 1), got ${beta1}`)
  assert(inUnitInterval(beta2), () => `${where}: beta2 must be in [0, 1), got ${beta2}`)
  assert(
    Number.isFinite(epsilon) && epsilon > 0,
    () => `${where}: epsilon must be a finite number > 0, got ${epsilon}`,
  )
}

/** The check every step makes once: a schedule bug or a NaN from the UI stops here, not in the weights. */
export function checkLearningRate(where: string, learningRate: number): void {
  assert(
    Number.isFinite(learningRate) && learningRate >= 0,
    () => `${where}: learningRate must be a finite number ≥ 0, got ${learningRate}`,
  )
}

/** Total number of values over all params: the length of one per-value state array. */
export function totalValueCount(params: readonly Param[]): number {
  return params.reduce((sum, param) => sum + param.value.length, 0)
}

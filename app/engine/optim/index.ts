// The optimisers' front door: createOptimizer builds the one the settings name, after checking them. Import
// optimisers from here; the files beside it hold the contract (optimizer.ts) and each algorithm.

import type { Param } from '../layer'
import { Adam } from './adam'
import { checkOptimizerSettings } from './optimizer'
import type { Optimizer, OptimizerSettings } from './optimizer'
import { Sgd } from './sgd'

export { clipGradientNorm } from './clipGradientNorm'
export { DEFAULT_OPTIMIZER_SETTINGS, OPTIMIZER_KINDS, checkOptimizerSettings } from './optimizer'
export type { Optimizer, OptimizerKind, OptimizerSettings } from './optimizer'

/** A fresh optimiser (zero moments, step 0) over params; throws naming a setting outside its range. */
export function createOptimizer(params: readonly Param[], settings: OptimizerSettings): Optimizer {
  checkOptimizerSettings(settings, 'createOptimizer')
  return settings.kind === 'sgd' ? new Sgd(params, settings) : new Adam(settings.kind, params, settings)
}

// Early stopping on validation loss, with Keras' and PyTorch Lightning's rule: an epoch improves when its loss is
// below best − minDelta; training stops once `patience` epochs in a row have not improved (patience 0: at the
// first epoch that does not), or at once on a loss that is NaN or infinite (Lightning's check_finite).
// Not here: restoring the best weights (the trainer keeps them when isBest says so).

import { assert } from './assert'

export type EarlyStoppingOptions = Readonly<{ patience: number; minDelta: number }>

/** Everything a checkpoint must keep to resume the count exactly; plain JSON (no Infinity). */
export type EarlyStoppingState = Readonly<{
  /** Lowest loss seen so far; null before the first observation. */
  bestLoss: number | null
  /** Epoch of bestLoss; −1 before the first observation. */
  bestEpoch: number
  /** Epochs since the best one that did not improve on it. */
  epochsWithoutImprovement: number
  /** The last epoch observed, −1 before the first: epochs must be observed in increasing order. */
  lastEpoch: number
}>

export type EarlyStoppingDecision = Readonly<{ shouldStop: boolean; isBest: boolean; bestEpoch: number }>

const INITIAL_STATE: EarlyStoppingState = {
  bestLoss: null,
  bestEpoch: -1,
  epochsWithoutImprovement: 0,
  lastEpoch: -1,
}

export class EarlyStopping {
  readonly patience: number
  readonly minDelta: number
  private state: EarlyStoppingState = INITIAL_STATE

  constructor(options: EarlyStoppingOptions) {
    const { patience, minDelta } = options
    assert(
      Number.isInteger(patience) && patience >= 0,
      () => `EarlyStopping: patience must be a whole number ≥ 0, got ${patience}`,
    )
    assert(
      Number.isFinite(minDelta) && minDelta >= 0,
      () => `EarlyStopping: minDelta must be a finite number ≥ 0, got ${minDelta}`,
    )
    this.patience = patience
    this.minDelta = minDelta
  }

  /** Records the validation loss at the end of `epoch` and says whether to stop and whether it is the best yet. */
  observe(epoch: number, validationLoss: number): EarlyStoppingDecision {
    const { bestLoss, bestEpoch, epochsWithoutImprovement, lastEpoch } = this.state
    assert(
      Number.isInteger(epoch) && epoch > lastEpoch,
      () => `EarlyStopping.observe: epoch must be a whole number after the last one (${lastEpoch}), got ${epoch}`,
    )
    if (!Number.isFinite(validationLoss)) {
      this.state = { ...this.state, lastEpoch: epoch, epochsWithoutImprovement: epochsWithoutImprovement + 1 }
      return { shouldStop: true, isBest: false, bestEpoch }
    }
    if (bestLoss === null || validationLoss < bestLoss - this.minDelta) {
      this.state = { bestLoss: validationLoss, bestEpoch: epoch, epochsWithoutImprovement: 0, lastEpoch: epoch }
      return { shouldStop: false, isBest: true, bestEpoch: epoch }
    }
    const waited = epochsWithoutImprovement + 1
    this.state = { bestLoss, bestEpoch, epochsWithoutImprovement: waited, lastEpoch: epoch }
    return { shouldStop: waited >= this.patience, isBest: false, bestEpoch }
  }

  /** A copy of the counters, for checkpoints. */
  getState(): EarlyStoppingState {
    return { ...this.state }
  }

  setState(state: EarlyStoppingState): void {
    const { bestLoss, bestEpoch, epochsWithoutImprovement, lastEpoch } = state
    const wholeFrom = (value: number, min: number) => Number.isInteger(value) && value >= min
    assert(
      (bestLoss === null ? bestEpoch === -1 : Number.isFinite(bestLoss) && wholeFrom(bestEpoch, 0)) &&
        wholeFrom(epochsWithoutImprovement, 0) &&
        wholeFrom(lastEpoch, bestEpoch),
      () => `EarlyStopping.setState: inconsistent state ${JSON.stringify(state)}`,
    )
    this.state = { bestLoss, bestEpoch, epochsWithoutImprovement, lastEpoch }
  }
}

// The training settings beyond the five every run has (epochs, batch, learning rate, momentum, seed): optimiser,
// schedule, clipping, loss, early stopping, augmentation, threads. Optional in messages (older clients and the
// simple forms send none); resolveTrainingOptions fills the defaults in this one place.

import type { AugmentationSettings } from '../data/augment'

// Declared again rather than imported from app/engine, so the renderer's view of the protocol never reaches the
// engine; the trainer passes these to the engine, and structural typing checks they still agree.
export type OptimizerKind = 'sgd' | 'adam' | 'adamw'
export type LearningRateSchedule = Readonly<
  (
    | { kind: 'constant' }
    | { kind: 'step'; everyEpochs: number; gamma: number }
    | { kind: 'cosine'; minLearningRate: number }
  ) & { warmupEpochs: number }
>

export type LossKind = 'crossEntropy' | 'mse'

export type TrainingOptions = Readonly<{
  optimizer: OptimizerKind
  /** Nesterov momentum (SGD with momentum > 0 only). */
  nesterov: boolean
  /** L2 penalty for SGD and Adam, decoupled decay for AdamW; weights only, never biases or batch norm. */
  weightDecay: number
  beta1: number
  beta2: number
  schedule: LearningRateSchedule
  /** Clip the global gradient norm to this; 0 turns clipping off. */
  gradientClipNorm: number
  loss: LossKind
  /** Stop after this many epochs without a better validation loss; 0 turns early stopping off. */
  earlyStoppingPatience: number
  earlyStoppingMinDelta: number
  augmentation: AugmentationSettings
  /** Training threads; 0 means one per core. */
  threads: number
}>

export const DEFAULT_TRAINING_OPTIONS: TrainingOptions = {
  optimizer: 'sgd',
  nesterov: false,
  weightDecay: 0,
  beta1: 0.9,
  beta2: 0.999,
  schedule: { kind: 'constant', warmupEpochs: 0 },
  gradientClipNorm: 0,
  loss: 'crossEntropy',
  earlyStoppingPatience: 0,
  earlyStoppingMinDelta: 0,
  augmentation: { flip: false, shiftPixels: 0, rotationDegrees: 0, brightness: 0, contrast: 0 },
  threads: 0,
}

export function resolveTrainingOptions(options: Partial<TrainingOptions> | undefined): TrainingOptions {
  return { ...DEFAULT_TRAINING_OPTIONS, ...(options ?? {}) }
}

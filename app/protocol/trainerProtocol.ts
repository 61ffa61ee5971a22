// Messages between whoever drives training (renderer, CLI, serve mode) and the trainer process.
// Commands go to the trainer, events come back. Events report state; they do not drive control flow.
// Large arrays travel as typed arrays, never JSON number lists.

import type { SerializedError } from './errors'
import type { NetworkSpec } from '../model/networkSpec'
import type { TrainingOptions } from './trainingOptions'

export const TRAINER_PROTOCOL_VERSION = 1

export type Hyperparameters = Readonly<{
  epochs: number
  batchSize: number
  learningRate: number
  momentum: number
  seed: number
  /** Everything else, defaults from DEFAULT_TRAINING_OPTIONS (trainingOptions.ts). */
  options?: Partial<TrainingOptions>
}>

export const DEFAULT_HYPERPARAMETERS: Hyperparameters = {
  epochs: 3,
  batchSize: 32,
  learningRate: 0.01,
  momentum: 0.9,
  seed: 1,
}

/** Where the trainer gets its data: the built-in sample, or (later) a dataset cache in the project. */
export type DataSourceRef = Readonly<{ kind: 'sample'; name: 'shapes' } | { kind: 'cache'; id: string }>

export type TrainerState = 'idle' | 'running' | 'paused' | 'stopped' | 'finished' | 'failed'

export type TrainerCommand = Readonly<
  /** Begin a new run; refused unless the session is idle, stopped, finished or failed. */
  | { type: 'start'; runId: string; spec: NetworkSpec; data: DataSourceRef; hyperparameters: Hyperparameters }
  /** Finish the current step, then wait. */
  | { type: 'pause' }
  | { type: 'resume' }
  /** Finish the current step, then end the run (a summary still follows). */
  | { type: 'stop' }
  /** Ask for the current state; answered with a 'state' event. */
  | { type: 'status' }
>

export type SplitMetrics = Readonly<{ loss: number; accuracy: number; count: number }>

export type RunSummary = Readonly<{
  runId: string
  reason: 'finished' | 'stopped'
  epochsCompleted: number
  /** Running averages over the last training epoch (the weights changed during it), as Keras reports them. */
  train: SplitMetrics
  /** Evaluated with the final weights. */
  validation: SplitMetrics
  test: SplitMetrics
  seconds: number
}>

export type TrainerEvent = Readonly<
  /** First message of every trainer process. */
  | { type: 'ready'; protocolVersion: number; threads: number }
  | { type: 'state'; state: TrainerState; runId: string | null }
  /** Dataset loaded and network built: what the run is about to do. */
  | {
      type: 'runStarted'
      runId: string
      classNames: readonly string[]
      trainCount: number
      validationCount: number
      testCount: number
      stepsPerEpoch: number
      parameterCount: number
    }
  /** One optimisation step; loss and accuracy of that batch. */
  | { type: 'step'; runId: string; epoch: number; step: number; stepsPerEpoch: number; loss: number; accuracy: number }
  | {
      type: 'epoch'
      runId: string
      epoch: number
      trainLoss: number
      trainAccuracy: number
      validationLoss: number
      validationAccuracy: number
      imagesPerSecond: number
      seconds: number
    }
  | { type: 'summary'; summary: RunSummary }
  /** A command was refused or the run failed; the session stays usable. */
  | { type: 'error'; error: SerializedError; command: TrainerCommand['type'] | null }
>

export type TrainerEventType = TrainerEvent['type']

// Messages between whoever drives training (renderer, CLI, serve mode) and the trainer process.
// Commands go to the trainer, events come back. Events report state; they do not drive control flow.
// Large arrays travel as typed arrays, never JSON number lists.

import type { SerializedError } from './errors'
import type { NetworkSpec } from '../model/networkSpec'
import type { InspectRequest, InspectResult } from './inspection'
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
  /**
   * Continue a run exactly from a checkpoint file's bytes (weights, optimiser, schedule position, RNG, data order);
   * `epochs` may raise the run's epoch count. Refused while a run is running or paused.
   */
  | { type: 'startFromCheckpoint'; checkpoint: Uint8Array; epochs?: number }
  /** Load a run from a checkpoint without training, to evaluate or inspect it. */
  | { type: 'loadCheckpoint'; checkpoint: Uint8Array }
  /** Full metrics of the current (or last) run's weights on a split; answered with an 'evaluation' event. */
  | { type: 'evaluate'; requestId: number; split: EvaluationSplit; topK: number; maxMisclassified: number }
  /** Look inside the current (or last) run's network for one image; answered with an 'inspection' event. */
  | { type: 'inspect'; requestId: number; request: InspectRequest }
>

export type SplitMetrics = Readonly<{ loss: number; accuracy: number; count: number }>

export type EvaluationSplit = 'train' | 'validation' | 'test'

/** The same fields as the engine's Evaluation (app/engine/metrics.ts), redeclared: protocol and engine stay apart. */
export type EvaluationResult = Readonly<{
  count: number
  classCount: number
  loss: number
  accuracy: number
  topK: number
  topKAccuracy: number
  /** K×K, rows = true class, columns = predicted class. */
  confusion: Int32Array
  precision: Float64Array
  recall: Float64Array
  f1: Float64Array
  support: Int32Array
  macroPrecision: number
  macroRecall: number
  macroF1: number
  /** Most confident mistakes first: dataset indices, true and predicted labels, confidence, probabilities (count×K). */
  misclassified: Readonly<{
    count: number
    indices: Int32Array
    labels: Int32Array
    predicted: Int32Array
    confidence: Float32Array
    probabilities: Float32Array
  }>
}>

export type RunSummary = Readonly<{
  runId: string
  reason: 'finished' | 'stopped' | 'earlyStopped'
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
      spec: NetworkSpec
      data: DataSourceRef
      hyperparameters: Hyperparameters
      threads: number
      /** Where a continued run picked up (completed epochs, steps into the next), null for a new run. */
      resumedFrom: Readonly<{ epoch: number; stepInEpoch: number; globalStep: number }> | null
      classNames: readonly string[]
      trainCount: number
      validationCount: number
      testCount: number
      stepsPerEpoch: number
      parameterCount: number
    }
  /** One optimisation step; loss and accuracy of that batch. */
  | {
      type: 'step'
      runId: string
      epoch: number
      step: number
      stepsPerEpoch: number
      loss: number
      accuracy: number
      learningRate: number
    }
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
      learningRate: number
      /** Lowest validation loss so far (always true without early stopping). */
      isBest: boolean
    }
  /** A checkpoint to keep (sent to the host only, not to windows): at every epoch end, on pause and on stop. */
  | { type: 'checkpoint'; runId: string; epoch: number; isEpochEnd: boolean; bytes: Uint8Array }
  | { type: 'evaluation'; requestId: number; runId: string; split: EvaluationSplit; evaluation: EvaluationResult }
  /** epoch and step say which weights answered. */
  | { type: 'inspection'; requestId: number; runId: string; epoch: number; step: number; result: InspectResult }
  | { type: 'summary'; summary: RunSummary }
  /** A command was refused or the run failed; the session stays usable. */
  /** requestId names the 'evaluate' or 'inspect' request that failed. */
  | { type: 'error'; error: SerializedError; command: TrainerCommand['type'] | null; requestId?: number }
>

export type TrainerEventType = TrainerEvent['type']

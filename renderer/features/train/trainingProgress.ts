// Derived numbers for the Train screen: which buttons make sense now, how far the run is, how fast it goes
// and when it will end. Pure functions of a TrainingView.

import type { TrainerState } from '../../../app/protocol/trainerProtocol'
import type { TrainingView } from './trainingView'

export type Controls = Readonly<{ start: boolean; pause: boolean; resume: boolean; stop: boolean }>

const STARTABLE: readonly TrainerState[] = ['idle', 'stopped', 'finished', 'failed']

/** Buttons wait while a command is unanswered; start also needs data and a valid model (`canStart`). */
export function availableControls(view: TrainingView, canStart: boolean): Controls {
  const isFree = view.pending === null
  const state = view.trainerState
  return {
    start: isFree && canStart && STARTABLE.includes(state),
    pause: isFree && state === 'running',
    resume: isFree && state === 'paused',
    stop: isFree && (state === 'running' || state === 'paused'),
  }
}

export type Progress = Readonly<{
  /** Total optimisation steps planned, when both epochs and steps per epoch are known. */
  totalSteps: number | null
  /** 0..1 of the planned steps, or null when the plan is unknown. */
  fraction: number | null
  /** Seconds left at the current pace, only while running. */
  etaSeconds: number | null
  imagesPerSecond: number | null
}>

export function trainingProgress(view: TrainingView): Progress {
  const totalSteps =
    view.plannedEpochs !== null && view.stepsPerEpoch !== null
      ? view.plannedEpochs * view.stepsPerEpoch
      : null
  const fraction = totalSteps === null || totalSteps === 0 ? null : Math.min(1, view.stepsDone / totalSteps)
  const isRunning = view.trainerState === 'running'
  const rate = view.stepsPerSecond
  const etaSeconds =
    isRunning && totalSteps !== null && rate !== null && rate > 0
      ? Math.max(0, totalSteps - view.stepsDone) / rate
      : null
  const lastEpoch = view.epochs.at(-1)
  const imagesPerSecond =
    isRunning && rate !== null && view.batchSize !== null
      ? rate * view.batchSize
      : (lastEpoch?.imagesPerSecond ?? null)
  return { totalSteps, fraction, etaSeconds, imagesPerSecond }
}

export type StartInputs = Readonly<{
  hasDataset: boolean
  isModelValid: boolean
  modelProblem: string | null
  hasValidSettings: boolean
}>

/** Why a new run cannot start yet, in one sentence for the person; null when it can. */
export function startBlocker(inputs: StartInputs): string | null {
  if (!inputs.hasDataset) {
    return 'Choose data on the Data screen first.'
  }
  if (!inputs.isModelValid) {
    return 'The model cannot run with this data; see the Model screen.'
  }
  if (inputs.modelProblem !== null) {
    return `The model does not fit the data: ${inputs.modelProblem}.`
  }
  if (!inputs.hasValidSettings) {
    return 'Fix the settings marked in red.'
  }
  return null
}

/** The epoch the trainer last called best (lowest validation loss so far); null before any epoch. */
export function bestEpoch(view: TrainingView): number | null {
  const best = view.epochs.filter((row) => row.isBest).at(-1)
  return best?.epoch ?? null
}

/** "Early stopped at epoch 7 (best epoch 4)" when the run's summary says it stopped early; null otherwise. */
export function earlyStopNote(view: TrainingView): string | null {
  if (view.summary?.reason !== 'earlyStopped') {
    return null
  }
  const best = bestEpoch(view)
  const at = `Early stopped at epoch ${view.summary.epochsCompleted}`
  return best === null ? at : `${at} (best epoch ${best})`
}

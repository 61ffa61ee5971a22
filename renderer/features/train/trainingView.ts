// What the Train screen knows about the trainer and the current run, as a pure reducer over trainer events
// and the commands this window sent. The trainer is the truth: an event for a run this window did not
// start (another browser tab, a reload mid-run) makes that run the current one. No DOM, no React.

import type { StudioEvent } from '../../../app/protocol/studioApi'
import type {
  RunSummary,
  TrainerCommand,
  TrainerEvent,
  TrainerState,
} from '../../../app/protocol/trainerProtocol'

export type EpochRow = Omit<Extract<TrainerEvent, { type: 'epoch' }>, 'type' | 'runId'>

export type RunFacts = Omit<Extract<TrainerEvent, { type: 'runStarted' }>, 'type' | 'runId'>

export type TrainingView = Readonly<{
  trainerState: TrainerState
  /** Training threads the trainer reported (its pool, or the current run's); null until it says. */
  threads: number | null
  runId: string | null
  /** A command sent and not yet answered by a 'state' or 'error' event; buttons wait for it. */
  pending: TrainerCommand['type'] | null
  /** From this window's start command; null for a run started elsewhere. */
  plannedEpochs: number | null
  batchSize: number | null
  facts: RunFacts | null
  stepsPerEpoch: number | null
  /** The latest step event's epoch and step, counted from 1 as the trainer does. */
  epoch: number
  step: number
  stepsDone: number
  latestLoss: number | null
  /** The rate the latest step was taken with (after schedule and warm-up). */
  latestLearningRate: number | null
  /** Start of the current stretch of uninterrupted running, for the step rate. */
  rateAnchor: Readonly<{ at: number; stepsDone: number }> | null
  stepsPerSecond: number | null
  epochs: readonly EpochRow[]
  summary: RunSummary | null
}>

export type TrainingAction = Readonly<
  | { kind: 'event'; event: StudioEvent; now: number }
  | { kind: 'commandSent'; command: TrainerCommand; now: number }
  /** The command could not be delivered (disconnected): stop waiting for its answer. */
  | { kind: 'commandFailed' }
>

export const INITIAL_TRAINING_VIEW: TrainingView = {
  trainerState: 'idle',
  threads: null,
  runId: null,
  pending: null,
  plannedEpochs: null,
  batchSize: null,
  ...emptyRun(),
}

function emptyRun() {
  return {
    facts: null,
    stepsPerEpoch: null,
    epoch: 0,
    step: 0,
    stepsDone: 0,
    latestLoss: null,
    latestLearningRate: null,
    rateAnchor: null,
    stepsPerSecond: null,
    epochs: [],
    summary: null,
  } satisfies Partial<TrainingView>
}

/** The view for `runId`: unchanged if it is the current run, otherwise a fresh run adopted from the trainer. */
function forRun(view: TrainingView, runId: string): TrainingView {
  if (view.runId === runId) {
    return view
  }
  return { ...view, ...emptyRun(), runId, plannedEpochs: null, batchSize: null }
}

function onStep(
  view: TrainingView,
  event: Extract<TrainerEvent, { type: 'step' }>,
  now: number,
): TrainingView {
  const run = forRun(view, event.runId)
  const stepsDone = (event.epoch - 1) * event.stepsPerEpoch + event.step
  const anchor = run.rateAnchor ?? { at: now, stepsDone }
  const seconds = (now - anchor.at) / 1000
  return {
    ...run,
    epoch: event.epoch,
    step: event.step,
    stepsPerEpoch: event.stepsPerEpoch,
    stepsDone,
    latestLoss: event.loss,
    latestLearningRate: event.learningRate,
    rateAnchor: anchor,
    stepsPerSecond: seconds > 0 ? (stepsDone - anchor.stepsDone) / seconds : run.stepsPerSecond,
  }
}

function onTrainerEvent(view: TrainingView, event: TrainerEvent, now: number): TrainingView {
  switch (event.type) {
    case 'ready':
      // 0 means the trainer has no thread pool yet (no run since it started), not zero threads.
      return event.threads > 0 ? { ...view, threads: event.threads } : view
    case 'state': {
      const run = event.runId === null ? view : forRun(view, event.runId)
      const isRunning = event.state === 'running'
      return {
        ...run,
        trainerState: event.state,
        pending: null,
        rateAnchor: isRunning ? run.rateAnchor : null,
      }
    }
    case 'runStarted': {
      const { type: _type, runId, ...facts } = event
      // The run's own settings: a run adopted from elsewhere gets its plan here too.
      return {
        ...forRun(view, runId),
        facts,
        stepsPerEpoch: facts.stepsPerEpoch,
        threads: facts.threads,
        plannedEpochs: facts.hyperparameters.epochs,
        batchSize: facts.hyperparameters.batchSize,
      }
    }
    case 'step':
      return onStep(view, event, now)
    case 'epoch': {
      const { type: _type, runId, ...row } = event
      const run = forRun(view, runId)
      return { ...run, epochs: [...run.epochs.filter((existing) => existing.epoch !== row.epoch), row] }
    }
    case 'summary':
      return { ...forRun(view, event.summary.runId), summary: event.summary }
    case 'error':
      return event.command === null || event.command === view.pending ? { ...view, pending: null } : view
    case 'checkpoint':
    case 'evaluation':
    case 'inspection':
      return view // for the host and other screens (inspection, runs); nothing the training view shows
  }
}

export function trainingReducer(view: TrainingView, action: TrainingAction): TrainingView {
  switch (action.kind) {
    case 'event':
      if (action.event.type === 'importProgress') {
        return view // the Data screen's business
      }
      if (action.event.type === 'trainerExited') {
        return { ...view, trainerState: 'failed', pending: null, rateAnchor: null }
      }
      return onTrainerEvent(view, action.event.event, action.now)
    case 'commandSent': {
      const { command } = action
      if (command.type !== 'start') {
        return { ...view, pending: command.type === 'status' ? view.pending : command.type }
      }
      return {
        ...view,
        ...emptyRun(),
        runId: command.runId,
        pending: 'start',
        plannedEpochs: command.hyperparameters.epochs,
        batchSize: command.hyperparameters.batchSize,
      }
    }
    case 'commandFailed':
      return { ...view, pending: null }
  }
}

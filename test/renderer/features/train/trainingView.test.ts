import { describe, expect, test } from 'vitest'
import type { StudioEvent } from '../../../../app/protocol/studioApi'
import type { TrainerCommand, TrainerEvent } from '../../../../app/protocol/trainerProtocol'
import { DEFAULT_HYPERPARAMETERS } from '../../../../app/protocol/trainerProtocol'
import { presetSpec } from '../../../../app/model/presets'
import { INITIAL_TRAINING_VIEW, trainingReducer } from '../../../../renderer/features/train/trainingView'
import type { TrainingAction, TrainingView } from '../../../../renderer/features/train/trainingView'
import { epochEvent, runStartedEvent, runSummary, stepEvent } from '../../fixtures'

const spec = presetSpec('tiny', { height: 8, width: 8, channels: 1 }, 2)
const start: TrainerCommand = {
  type: 'start',
  runId: 'run-a',
  spec,
  data: { kind: 'sample', name: 'shapes' },
  hyperparameters: { ...DEFAULT_HYPERPARAMETERS, epochs: 2, batchSize: 10 },
}

function trainer(event: TrainerEvent, now = 0): TrainingAction {
  return { kind: 'event', event: { type: 'trainer', event }, now }
}

function step(runId: string, epoch: number, stepNumber: number, now: number, loss = 0.5): TrainingAction {
  const learningRate = 0.01 / (epoch * 10 + stepNumber)
  return trainer(stepEvent(runId, epoch, stepNumber, { loss, learningRate }), now)
}

function epochRow(runId: string, epoch: number, validationAccuracy: number): TrainingAction {
  return trainer(epochEvent(runId, epoch, { validationAccuracy }))
}

function run(actions: readonly TrainingAction[], from: TrainingView = INITIAL_TRAINING_VIEW): TrainingView {
  return actions.reduce(trainingReducer, from)
}

describe('trainingReducer', () => {
  test('follows a run from start to summary', () => {
    const summary = runSummary('run-a')
    const view = run([
      trainer({ type: 'ready', protocolVersion: 1, threads: 2 }),
      { kind: 'commandSent', command: start, now: 0 },
      trainer({ type: 'state', state: 'running', runId: 'run-a' }),
      trainer(runStartedEvent('run-a')),
      ...[1, 2, 3, 4].map((n) => step('run-a', 1, n, n * 100)),
      epochRow('run-a', 1, 0.6),
      ...[1, 2, 3, 4].map((n) => step('run-a', 2, n, 400 + n * 100, 0.25)),
      epochRow('run-a', 2, 0.7),
      trainer({ type: 'summary', summary }),
      trainer({ type: 'state', state: 'finished', runId: 'run-a' }),
    ])
    expect(view).toMatchObject({
      trainerState: 'finished',
      threads: 2,
      runId: 'run-a',
      pending: null,
      plannedEpochs: 2,
      batchSize: 10,
      stepsPerEpoch: 4,
      epoch: 2,
      step: 4,
      stepsDone: 8,
      latestLoss: 0.25,
      latestLearningRate: 0.01 / 24,
      summary,
    })
    expect(view.facts?.parameterCount).toBe(99)
    expect(view.epochs.map((row) => [row.epoch, row.validationAccuracy])).toEqual([
      [1, 0.6],
      [2, 0.7],
    ])
    // 7 steps after the first, over 700 ms of uninterrupted running.
    expect(view.stepsPerSecond).toBeCloseTo(10, 6)
  })

  test('a command waits for its answer; a state or matching error event ends the wait', () => {
    const sent = run([{ kind: 'commandSent', command: { type: 'pause' }, now: 0 }])
    expect(sent.pending).toBe('pause')
    expect(run([trainer({ type: 'state', state: 'paused', runId: 'run-a' })], sent).pending).toBeNull()
    const refusedOther = trainer({ type: 'error', error: { name: 'Error', message: 'x' }, command: 'start' })
    expect(run([refusedOther], sent).pending).toBe('pause')
    const refused = trainer({ type: 'error', error: { name: 'Error', message: 'x' }, command: 'pause' })
    expect(run([refused], sent).pending).toBeNull()
    expect(run([{ kind: 'commandFailed' }], sent).pending).toBeNull()
    expect(run([{ kind: 'commandSent', command: { type: 'status' }, now: 0 }]).pending).toBeNull()
  })

  test('adopts a run started elsewhere, forgetting the old one and its plan', () => {
    const ours = run([
      { kind: 'commandSent', command: start, now: 0 },
      step('run-a', 1, 1, 0),
      epochRow('run-a', 1, 0.5),
    ])
    const theirs = run([step('run-b', 1, 3, 10)], ours)
    expect(theirs).toMatchObject({
      runId: 'run-b',
      plannedEpochs: null,
      batchSize: null,
      stepsDone: 3,
      epochs: [],
    })
  })

  test('a run adopted from elsewhere gets its plan and thread count from runStarted', () => {
    const view = run([
      trainer({ type: 'ready', protocolVersion: 1, threads: 0 }),
      trainer(runStartedEvent('run-c', { threads: 3, hyperparameters: { ...start.hyperparameters, epochs: 7 } })),
    ])
    expect(view).toMatchObject({ runId: 'run-c', plannedEpochs: 7, batchSize: 10, threads: 3, stepsPerEpoch: 4 })
  })

  test('a trainer without a thread pool yet (ready with 0 threads) leaves the count unknown', () => {
    expect(run([trainer({ type: 'ready', protocolVersion: 1, threads: 0 })]).threads).toBeNull()
  })

  test('an error answering a request of another screen leaves the command of this one waiting', () => {
    const view = run([{ kind: 'commandSent', command: start, now: 0 }])
    const evaluation = trainer({ type: 'error', error: { name: 'Error', message: 'x' }, command: 'evaluate' })
    expect(run([evaluation], view)).toBe(view)
  })

  test('a repeated epoch replaces its row instead of adding one', () => {
    const view = run([epochRow('run-a', 1, 0.5), epochRow('run-a', 1, 0.55)])
    expect(view.epochs.map((row) => row.validationAccuracy)).toEqual([0.55])
  })

  test('a pause breaks the step-rate stretch', () => {
    const view = run([
      step('run-a', 1, 1, 0),
      step('run-a', 1, 2, 1000),
      trainer({ type: 'state', state: 'paused', runId: 'run-a' }),
      trainer({ type: 'state', state: 'running', runId: 'run-a' }),
      step('run-a', 1, 3, 60_000),
      step('run-a', 1, 4, 60_500),
    ])
    expect(view.stepsPerSecond).toBeCloseTo(2, 6)
  })

  test('a trainer that exited counts as failed and stops every wait', () => {
    const exited: StudioEvent = { type: 'trainerExited', code: 1, signal: null, message: 'crash' }
    const view = run([
      { kind: 'commandSent', command: start, now: 0 },
      { kind: 'event', event: exited, now: 1 },
    ])
    expect(view).toMatchObject({ trainerState: 'failed', pending: null, runId: 'run-a' })
  })
})

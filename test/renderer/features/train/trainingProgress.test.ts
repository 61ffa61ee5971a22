import { describe, expect, test } from 'vitest'
import type { TrainerState } from '../../../../app/protocol/trainerProtocol'
import {
  availableControls,
  bestEpoch,
  earlyStopNote,
  startBlocker,
  trainingProgress,
} from '../../../../renderer/features/train/trainingProgress'
import { INITIAL_TRAINING_VIEW } from '../../../../renderer/features/train/trainingView'
import type { EpochRow, TrainingView } from '../../../../renderer/features/train/trainingView'
import { epochEvent, runSummary } from '../../fixtures'

function viewIn(trainerState: TrainerState, changes: Partial<TrainingView> = {}): TrainingView {
  return { ...INITIAL_TRAINING_VIEW, trainerState, ...changes }
}

describe('availableControls', () => {
  test.each([
    ['idle', { start: true, pause: false, resume: false, stop: false }],
    ['running', { start: false, pause: true, resume: false, stop: true }],
    ['paused', { start: false, pause: false, resume: true, stop: true }],
    ['stopped', { start: true, pause: false, resume: false, stop: false }],
    ['finished', { start: true, pause: false, resume: false, stop: false }],
    ['failed', { start: true, pause: false, resume: false, stop: false }],
  ] as const)('when %s', (state, expected) => {
    expect(availableControls(viewIn(state), true)).toEqual(expected)
  })

  test('nothing is enabled while a command waits for its answer, and start needs data and a model', () => {
    const none = { start: false, pause: false, resume: false, stop: false }
    expect(availableControls(viewIn('running', { pending: 'pause' }), true)).toEqual(none)
    expect(availableControls(viewIn('idle'), false)).toEqual(none)
  })
})

describe('trainingProgress', () => {
  test('fraction, time left and speed from the plan and the step rate', () => {
    const view = viewIn('running', {
      plannedEpochs: 2,
      stepsPerEpoch: 50,
      stepsDone: 25,
      stepsPerSecond: 5,
      batchSize: 32,
    })
    expect(trainingProgress(view)).toEqual({
      totalSteps: 100,
      fraction: 0.25,
      etaSeconds: 15,
      imagesPerSecond: 160,
    })
  })

  test('no time left unless running; speed falls back to the last epoch', () => {
    const { type: _type, runId: _runId, ...row } = epochEvent('run-a', 1, { imagesPerSecond: 77 })
    const view = viewIn('paused', {
      plannedEpochs: 2,
      stepsPerEpoch: 50,
      stepsDone: 50,
      stepsPerSecond: 5,
      epochs: [row],
    })
    expect(trainingProgress(view)).toEqual({
      totalSteps: 100,
      fraction: 0.5,
      etaSeconds: null,
      imagesPerSecond: 77,
    })
  })

  test('an adopted run without a plan has no fraction', () => {
    expect(trainingProgress(viewIn('running', { stepsPerEpoch: 50, stepsDone: 10 }))).toMatchObject({
      totalSteps: null,
      fraction: null,
      etaSeconds: null,
    })
  })
})

describe('startBlocker', () => {
  const ready = { hasDataset: true, isModelValid: true, modelProblem: null, hasValidSettings: true }
  test('says the first thing that is missing', () => {
    expect(startBlocker(ready)).toBeNull()
    expect(startBlocker({ ...ready, hasDataset: false, hasValidSettings: false })).toMatch(/Data screen/)
    expect(startBlocker({ ...ready, isModelValid: false })).toMatch(/Model screen/)
    expect(startBlocker({ ...ready, modelProblem: 'it ends with 10 outputs' })).toMatch(/10 outputs/)
    expect(startBlocker({ ...ready, hasValidSettings: false })).toMatch(/settings/)
  })
})

describe('early stopping', () => {
  function rows(bests: readonly boolean[]): EpochRow[] {
    return bests.map((isBest, index) => {
      const { type: _type, runId: _runId, ...row } = epochEvent('run-a', index + 1, { isBest })
      return row
    })
  }
  const summary = runSummary('run-a', { epochsCompleted: 5 })

  test('the best epoch is the last one the trainer marked best', () => {
    expect(bestEpoch(viewIn('running', { epochs: rows([true, true, false, true, false]) }))).toBe(4)
    expect(bestEpoch(viewIn('running'))).toBeNull()
  })

  test('the note appears only when the summary says the run stopped early', () => {
    const epochs = rows([true, true, false, false, false])
    expect(earlyStopNote(viewIn('finished', { epochs, summary: { ...summary, reason: 'earlyStopped' } }))).toBe(
      'Early stopped at epoch 5 (best epoch 2)',
    )
    expect(earlyStopNote(viewIn('finished', { epochs, summary: { ...summary, reason: 'finished' } }))).toBeNull()
    expect(earlyStopNote(viewIn('finished', { summary: { ...summary, reason: 'earlyStopped' } }))).toBe(
      'Early stopped at epoch 5',
    )
  })
})

import { describe, expect, test } from 'vitest'
import { presetSpec } from '../../../app/model/presets'
import { DEFAULT_HYPERPARAMETERS } from '../../../app/protocol/trainerProtocol'
import { validateTrainerCommand, validateTrainerEvent } from '../../../app/protocol/validateTrainer'

const spec = presetSpec('lenet', { height: 32, width: 32, channels: 3 }, 6)
const start = {
  type: 'start',
  runId: 'run-1',
  spec,
  data: { kind: 'sample', name: 'shapes' },
  hyperparameters: DEFAULT_HYPERPARAMETERS,
}

describe('validateTrainerCommand', () => {
  test('accepts a well-formed start and the simple commands', () => {
    expect(validateTrainerCommand(start)).toEqual(start)
    for (const type of ['pause', 'resume', 'stop', 'status']) {
      expect(validateTrainerCommand({ type })).toEqual({ type })
    }
  })

  test.each([
    [{ type: 'explode' }, /trainer command.type: got "explode", expected one of "start"/],
    [null, /trainer command: got null, expected an object/],
    [{ ...start, runId: '../etc' }, /runId: got "..\/etc"/],
    [{ ...start, hyperparameters: { ...DEFAULT_HYPERPARAMETERS, learningRate: Number.NaN } }, /learningRate: got NaN/],
    [{ ...start, hyperparameters: { ...DEFAULT_HYPERPARAMETERS, epochs: 0 } }, /epochs: got 0, expected an integer from 1/],
    [{ ...start, hyperparameters: { ...DEFAULT_HYPERPARAMETERS, batchSize: 2.5 } }, /batchSize: got 2.5/],
    [{ ...start, data: { kind: 'cache', id: '../../secret' } }, /data.id: got "..\/..\/secret"/],
    [{ ...start, data: { kind: 'sample', name: 'cats' } }, /data.name: got "cats"/],
  ])('refuses %j with a message naming the value', (command, message) => {
    expect(() => validateTrainerCommand(command)).toThrow(message)
  })
})

describe('validateTrainerEvent', () => {
  test('accepts events and refuses unknown tags or out-of-range numbers', () => {
    const step = { type: 'step', runId: 'r', epoch: 1, step: 3, stepsPerEpoch: 10, loss: 0.5, accuracy: 0.25 }
    expect(validateTrainerEvent(step)).toEqual(step)
    expect(() => validateTrainerEvent({ type: 'teleport' })).toThrow(/type: got "teleport"/)
    expect(() => validateTrainerEvent({ type: 'epoch', epoch: 1, validationAccuracy: 1.5 })).toThrow(
      /validationAccuracy: got 1.5, expected a finite number from 0 to 1/,
    )
  })
})

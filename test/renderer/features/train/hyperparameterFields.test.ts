import { describe, expect, test } from 'vitest'
import { DEFAULT_HYPERPARAMETERS } from '../../../../app/protocol/trainerProtocol'
import {
  fieldError,
  HYPERPARAMETER_FIELDS,
  textsFrom,
} from '../../../../renderer/features/train/hyperparameterFields'

const byKey = Object.fromEntries(HYPERPARAMETER_FIELDS.map((field) => [field.key, field]))

describe('fieldError', () => {
  test('names what is wrong with one typed text', () => {
    expect(fieldError(byKey.epochs, '2.5')).toBe('Must be a whole number')
    expect(fieldError(byKey.batchSize, '')).toBe('Needs a number')
    expect(fieldError(byKey.batchSize, '3e')).toBe('Needs a number')
    expect(fieldError(byKey.learningRate, '0')).toBe('Must be from 0.000001 to 10')
    expect(fieldError(byKey.learningRate, '1e-3')).toBeNull()
    expect(fieldError(byKey.seed, '4294967295')).toBeNull()
  })
})

test('the form starts from the protocol defaults, written as text', () => {
  expect(textsFrom(DEFAULT_HYPERPARAMETERS)).toEqual({
    epochs: '3',
    batchSize: '32',
    learningRate: '0.01',
    momentum: '0.9',
    seed: '1',
  })
})

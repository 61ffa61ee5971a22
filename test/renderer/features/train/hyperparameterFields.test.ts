import { describe, expect, test } from 'vitest'
import { validateHyperparameters } from '../../../../app/protocol/validateTrainer'
import { DEFAULT_HYPERPARAMETERS } from '../../../../app/protocol/trainerProtocol'
import { parseHyperparameters, textsFrom } from '../../../../renderer/features/train/hyperparameterFields'

const defaults = textsFrom(DEFAULT_HYPERPARAMETERS)

describe('parseHyperparameters', () => {
  test('reads the defaults back exactly', () => {
    expect(parseHyperparameters(defaults)).toEqual({ values: DEFAULT_HYPERPARAMETERS, errors: {} })
  })

  test('says per field what is wrong', () => {
    const parsed = parseHyperparameters({ ...defaults, epochs: '2.5', batchSize: '', learningRate: '0' })
    expect(parsed.values).toBeNull()
    expect(parsed.errors).toEqual({
      epochs: 'Must be a whole number',
      batchSize: 'Needs a number',
      learningRate: 'Must be from 0.000001 to 10',
    })
  })

  // The trainer's own validator is the reference: the form must never pass what the trainer refuses.
  test.each([
    ['epochs', '0'],
    ['epochs', '10000'],
    ['epochs', '10001'],
    ['batchSize', '4096'],
    ['batchSize', '4097'],
    ['learningRate', '1e-7'],
    ['learningRate', '10'],
    ['learningRate', '11'],
    ['momentum', '0'],
    ['momentum', '0.999'],
    ['momentum', '1'],
    ['seed', '-1'],
    ['seed', '4294967295'],
    ['seed', '4294967296'],
    ['seed', '1.5'],
  ] as const)('%s = %s agrees with the trainer', (key, text) => {
    const parsed = parseHyperparameters({ ...defaults, [key]: text })
    let isAcceptedByTrainer = true
    try {
      validateHyperparameters({ ...DEFAULT_HYPERPARAMETERS, [key]: Number(text) }, 'hyperparameters')
    } catch {
      isAcceptedByTrainer = false
    }
    if (parsed.values !== null) {
      expect(isAcceptedByTrainer).toBe(true)
    }
  })
})

import { describe, expect, test } from 'vitest'
import { validateTrainingOptions } from '../../../app/protocol/validateTrainingOptions'

describe('validateTrainingOptions', () => {
  test('accepts a full set of options and fills optional schedule and augmentation fields', () => {
    const options = validateTrainingOptions(
      {
        optimizer: 'adamw',
        weightDecay: 0.01,
        schedule: { kind: 'cosine' },
        augmentation: { flip: true, shiftPixels: 4 },
        earlyStoppingPatience: 3,
        threads: 2,
      },
      'options',
    )
    expect(options).toEqual({
      optimizer: 'adamw',
      weightDecay: 0.01,
      schedule: { kind: 'cosine', warmupEpochs: 0, minLearningRate: 0 },
      augmentation: { flip: true, shiftPixels: 4, rotationDegrees: 0, brightness: 0, contrast: 0 },
      earlyStoppingPatience: 3,
      threads: 2,
    })
  })

  test.each([
    [{ optimizer: 'rmsprop' }, /options.optimizer: got "rmsprop", expected one of "sgd", "adam", "adamw"/],
    [{ threads: 0.5 }, /options.threads: got 0.5, expected an integer from 0 to 256/],
    [{ weightDecay: Number.NaN }, /options.weightDecay: got NaN/],
    [{ schedule: { kind: 'step', everyEpochs: 0, gamma: 0.1 } }, /options.schedule.everyEpochs: got 0/],
    [{ augmentation: { rotationDegrees: 400 } }, /options.augmentation.rotationDegrees: got 400/],
    [{ learningRate: 0.1 }, /options.learningRate: got 0.1, expected no such setting; known settings: optimizer/],
    ['fast', /options: got "fast", expected an object/],
  ])('refuses %j naming the value', (value, message) => {
    expect(() => validateTrainingOptions(value, 'options')).toThrow(message)
  })
})

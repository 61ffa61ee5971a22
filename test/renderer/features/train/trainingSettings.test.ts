import { describe, expect, test } from 'vitest'
import { checkOptimizerSettings } from '../../../../app/engine/optim/optimizer'
import { checkSchedule } from '../../../../app/engine/schedule'
import { DEFAULT_HYPERPARAMETERS } from '../../../../app/protocol/trainerProtocol'
import { DEFAULT_TRAINING_OPTIONS, resolveTrainingOptions } from '../../../../app/protocol/trainingOptions'
import { validateHyperparameters } from '../../../../app/protocol/validateTrainer'
import { textsFrom } from '../../../../renderer/features/train/hyperparameterFields'
import { DEFAULT_OPTION_TEXTS } from '../../../../renderer/features/train/trainingOptionFields'
import type { OptionTexts } from '../../../../renderer/features/train/trainingOptionFields'
import {
  ASSUMED_STEPS_PER_EPOCH,
  describeOptions,
  parseSettings,
  schedulePlanOf,
} from '../../../../renderer/features/train/trainingSettings'
import type { SettingsTexts } from '../../../../renderer/features/train/trainingSettings'

const defaults: SettingsTexts = { basic: textsFrom(DEFAULT_HYPERPARAMETERS), more: DEFAULT_OPTION_TEXTS }

function withMore(more: Partial<OptionTexts>, basic: Partial<SettingsTexts['basic']> = {}): SettingsTexts {
  return { basic: { ...defaults.basic, ...basic }, more: { ...defaults.more, ...more } }
}

/** Whether the trainer's edge validator and the engine's own checks accept these hyperparameters. */
function isAcceptedByTrainer(value: unknown): boolean {
  try {
    const hyperparameters = validateHyperparameters(value, 'hyperparameters')
    const options = resolveTrainingOptions(hyperparameters.options)
    checkSchedule(options.schedule, hyperparameters.learningRate, 7, hyperparameters.epochs, 'schedule')
    checkOptimizerSettings(
      { ...options, kind: options.optimizer, momentum: hyperparameters.momentum, epsilon: 1e-8 },
      'optimizer',
    )
    return true
  } catch {
    return false
  }
}

describe('parseSettings', () => {
  test('the defaults are the protocol defaults, spelled out', () => {
    const parsed = parseSettings(defaults)
    expect(parsed.errors).toEqual({})
    const { options, ...basic } = parsed.hyperparameters!
    expect(basic).toEqual(DEFAULT_HYPERPARAMETERS)
    expect(resolveTrainingOptions(options)).toEqual(DEFAULT_TRAINING_OPTIONS)
  })

  test('says per field what is wrong', () => {
    const texts = withMore({ threads: '-1', weightDecay: 'x' }, { epochs: '2.5', learningRate: '0' })
    const parsed = parseSettings(texts)
    expect(parsed.hyperparameters).toBeNull()
    expect(parsed.errors).toEqual({
      epochs: 'Must be a whole number',
      learningRate: 'Must be from 0.000001 to 10',
      threads: 'Must be from 0 to 256',
      weightDecay: 'Needs a number',
    })
  })

  test('turns the choices into optimiser, schedule, augmentation and threads', () => {
    const parsed = parseSettings(
      withMore({
        optimizer: 'nesterov',
        schedule: 'step',
        stepEveryEpochs: '2',
        stepGamma: '0.5',
        warmupEpochs: '0.5',
        flip: true,
        shift: true,
        shiftPixels: '3',
        colour: true,
        colourJitter: '0.3',
        earlyStoppingPatience: '2',
        loss: 'mse',
        threads: '2',
      }),
    )
    expect(parsed.hyperparameters).toEqual({
      ...DEFAULT_HYPERPARAMETERS,
      options: {
        optimizer: 'sgd',
        nesterov: true,
        weightDecay: 0,
        schedule: { kind: 'step', warmupEpochs: 0.5, everyEpochs: 2, gamma: 0.5 },
        gradientClipNorm: 0,
        loss: 'mse',
        earlyStoppingPatience: 2,
        augmentation: { flip: true, shiftPixels: 3, rotationDegrees: 0, brightness: 0.3, contrast: 0.3 },
        threads: 2,
      },
    })
  })

  test('momentum is sent as 0 and never checked when the optimiser does not use it', () => {
    for (const optimizer of ['sgd', 'adam', 'adamw'] as const) {
      const parsed = parseSettings(withMore({ optimizer }, { momentum: 'oops' }))
      expect(parsed.errors).toEqual({})
      expect(parsed.hyperparameters?.momentum).toBe(0)
      expect(parsed.hyperparameters?.options?.optimizer).toBe(optimizer)
    }
  })

  test('fields hidden by the choices are not checked', () => {
    const parsed = parseSettings(withMore({ schedule: 'cosine', stepGamma: '', shiftPixels: 'x', shift: false }))
    expect(parsed.errors).toEqual({})
    const cosine = { kind: 'cosine', warmupEpochs: 0, minLearningRate: 0 }
    expect(parsed.hyperparameters?.options?.schedule).toEqual(cosine)
  })

  test('checks two fields together: warm-up within the run, cosine end below its start, Nesterov momentum', () => {
    expect(parseSettings(withMore({ warmupEpochs: '4' }, { epochs: '3' })).errors).toEqual({
      warmupEpochs: 'At most the number of epochs (3)',
    })
    expect(parseSettings(withMore({ schedule: 'cosine', minLearningRate: '0.1' })).errors).toEqual({
      minLearningRate: 'At most the learning rate (0.01)',
    })
    expect(parseSettings(withMore({ optimizer: 'nesterov' }, { momentum: '0' })).errors).toEqual({
      momentum: 'Nesterov needs a momentum above 0',
    })
  })

  // The trainer is the reference: whatever the form lets through, the trainer and the engine must accept.
  test.each([
    ['epochs', '10000', true],
    ['epochs', '10001', false],
    ['batchSize', '4096', true],
    ['batchSize', '4097', false],
    ['learningRate', '1e-7', false], // the trainer would take it; the form asks for something sensible
    ['learningRate', '10', true],
    ['learningRate', '11', false],
    ['momentum', '0', true],
    ['momentum', '0.999', true],
    ['momentum', '1', false],
    ['seed', '-1', false],
    ['seed', '4294967295', true],
    ['seed', '4294967296', false],
  ] as const)('basic %s = %s: accepted %s, and only if the trainer accepts it', (key, text, isAccepted) => {
    const parsed = parseSettings(withMore({}, { [key]: text }))
    expect(parsed.hyperparameters !== null).toBe(isAccepted)
    if (isAccepted) {
      expect(isAcceptedByTrainer(parsed.hyperparameters)).toBe(true)
    } else {
      expect(parsed.errors[key]).toMatch(/Must be/)
    }
  })

  test.each([
    [{ weightDecay: '1' }, true],
    [{ weightDecay: '1.5' }, false],
    [{ gradientClipNorm: '1000000' }, true],
    [{ gradientClipNorm: '1000001' }, false],
    [{ warmupEpochs: '3' }, true],
    [{ schedule: 'step', stepGamma: '0' }, false],
    [{ schedule: 'step', stepGamma: '1' }, true],
    [{ schedule: 'step', stepEveryEpochs: '0' }, false],
    [{ schedule: 'cosine', minLearningRate: '0.01' }, true],
    [{ earlyStoppingPatience: '10000' }, true],
    [{ earlyStoppingPatience: '10001' }, false],
    [{ shift: true, shiftPixels: '64' }, true],
    [{ shift: true, shiftPixels: '65' }, false],
    [{ rotation: true, rotationDegrees: '180' }, true],
    [{ rotation: true, rotationDegrees: '181' }, false],
    [{ colour: true, colourJitter: '1' }, true],
    [{ colour: true, colourJitter: '1.01' }, false],
    [{ threads: '256' }, true],
    [{ threads: '257' }, false],
    [{ optimizer: 'adamw', weightDecay: '0.01' }, true],
    [{ optimizer: 'nesterov', schedule: 'step', warmupEpochs: '1.5' }, true],
  ] as const)('more settings %j: accepted %s, and only if the trainer accepts it', (more, isAccepted) => {
    const parsed = parseSettings(withMore(more as Partial<OptionTexts>))
    expect(parsed.hyperparameters !== null).toBe(isAccepted)
    if (isAccepted) {
      // Through structured clone, as the command travels.
      expect(isAcceptedByTrainer(structuredClone(parsed.hyperparameters))).toBe(true)
    }
  })
})

describe('schedulePlanOf', () => {
  test('the preview needs only the fields the curve depends on', () => {
    expect(schedulePlanOf(withMore({}, { seed: 'x' }), null)).not.toBeNull()
    expect(schedulePlanOf(withMore({}, { learningRate: '' }), null)).toBeNull()
    expect(schedulePlanOf(withMore({ schedule: 'step', stepGamma: '2' }), null)).toBeNull()
  })

  test('steps per epoch come from the data, or an assumption before there is data', () => {
    const texts = withMore({ schedule: 'cosine', warmupEpochs: '1' }, { batchSize: '32', epochs: '4' })
    expect(schedulePlanOf(texts, 4800)).toEqual({
      schedule: { kind: 'cosine', warmupEpochs: 1, minLearningRate: 0 },
      baseLearningRate: 0.01,
      stepsPerEpoch: 150,
      epochs: 4,
    })
    expect(schedulePlanOf(texts, null)?.stepsPerEpoch).toBe(ASSUMED_STEPS_PER_EPOCH)
  })
})

test('describeOptions says in one line what the closed group holds', () => {
  expect(describeOptions(DEFAULT_OPTION_TEXTS)).toBe(
    'SGD + momentum · constant rate · no augmentation · all cores',
  )
  expect(
    describeOptions({
      ...DEFAULT_OPTION_TEXTS,
      optimizer: 'adamw',
      schedule: 'cosine',
      warmupEpochs: '1',
      weightDecay: '0.01',
      earlyStoppingPatience: '3',
      flip: true,
      rotation: true,
      threads: '1',
    }),
  ).toBe(
    'AdamW · cosine rate with 1 warm-up epoch · weight decay 0.01 · early stopping, patience 3 · ' +
      'flip, rotate · 1 thread',
  )
})

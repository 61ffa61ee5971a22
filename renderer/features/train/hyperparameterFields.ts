// The five basic training settings as form fields: label, one-line explanation and limits, and the check that
// says what is wrong with one typed text. The limits match what the trainer accepts (app/protocol/
// validateTrainer.ts), so a value the form allows is never refused later. trainingSettings.ts parses the whole form.

import type { Hyperparameters } from '../../../app/protocol/trainerProtocol'

/** The numeric fields of the form; the optional training options have their own controls. */
export type HyperparameterKey = Exclude<keyof Hyperparameters, 'options'>

/** One numeric field of the Train screen's forms (the five basic ones here, the others in trainingOptionFields). */
export type FieldInfo<K extends string = HyperparameterKey> = Readonly<{
  key: K
  label: string
  /** One line, shown as the tooltip. */
  help: string
  testId: string
  min: number
  max: number
  isInteger: boolean
  step: string
}>

export const HYPERPARAMETER_FIELDS: readonly FieldInfo[] = [
  {
    key: 'epochs',
    label: 'Epochs',
    testId: 'epochs-input',
    min: 1,
    max: 10_000,
    isInteger: true,
    step: '1',
    help: 'How many times training goes through every training image.',
  },
  {
    key: 'batchSize',
    label: 'Batch size',
    testId: 'batch-input',
    min: 1,
    max: 4096,
    isInteger: true,
    step: '1',
    help: 'Images per weight update: larger is smoother and faster per image, smaller updates more often.',
  },
  {
    key: 'learningRate',
    label: 'Learning rate',
    testId: 'lr-input',
    min: 1e-6,
    max: 10,
    isInteger: false,
    step: 'any',
    help: 'How big a step each update takes: too high and the loss explodes, too low and it crawls.',
  },
  {
    key: 'momentum',
    label: 'Momentum',
    testId: 'momentum-input',
    min: 0,
    max: 0.999,
    isInteger: false,
    step: 'any',
    help: 'How much of the previous update carries into the next one (0 is plain gradient descent).',
  },
  {
    key: 'seed',
    label: 'Seed',
    testId: 'seed-input',
    min: 0,
    max: 2 ** 32 - 1,
    isInteger: true,
    step: '1',
    help: 'Fixes the random starting weights and shuffling, so the same settings give the same run.',
  },
]

export type FieldTexts = Readonly<Record<HyperparameterKey, string>>

export function textsFrom(values: Hyperparameters): FieldTexts {
  return {
    epochs: String(values.epochs),
    batchSize: String(values.batchSize),
    learningRate: String(values.learningRate),
    momentum: String(values.momentum),
    seed: String(values.seed),
  }
}

/** The message shown under one field (which names itself), or null when the text is acceptable. */
export function fieldError(field: FieldInfo<string>, text: string): string | null {
  const value = Number(text)
  if (text.trim() === '' || !Number.isFinite(value)) {
    return 'Needs a number'
  }
  if (field.isInteger && !Number.isInteger(value)) {
    return 'Must be a whole number'
  }
  if (value < field.min || value > field.max) {
    return `Must be from ${field.min} to ${field.max}`
  }
  return null
}

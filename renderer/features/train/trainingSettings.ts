// Everything the Train screen's settings hold, turned into the Hyperparameters of a 'start' command (with the
// extra settings in hyperparameters.options) or, per field, what is wrong. Also checks what no single field can:
// warm-up longer than the run, a cosine end above its start, Nesterov without momentum. Pure; no React.

import type { Hyperparameters } from '../../../app/protocol/trainerProtocol'
import type { TrainingOptions } from '../../../app/protocol/trainingOptions'
import { fieldError, HYPERPARAMETER_FIELDS } from './hyperparameterFields'
import type { FieldTexts, HyperparameterKey } from './hyperparameterFields'
import {
  activeOptionKeys,
  AUGMENTATION_SWITCHES,
  LOSS_CHOICES,
  OPTIMIZER_CHOICES,
  OPTION_FIELDS,
  SCHEDULE_CHOICES,
  usesMomentum,
} from './trainingOptionFields'
import type { ChoiceInfo, OptionKey, OptionTexts } from './trainingOptionFields'
import { stepsPerEpochFor } from './schedulePreview'
import type { SchedulePlan } from './schedulePreview'

export type SettingsTexts = Readonly<{ basic: FieldTexts; more: OptionTexts }>

/** Field key → message; the keys of both groups are distinct. */
export type SettingsErrors = Readonly<Partial<Record<HyperparameterKey | OptionKey, string>>>

export type ParsedSettings = Readonly<{ hyperparameters: Hyperparameters | null; errors: SettingsErrors }>

function numbersOf<K extends string>(texts: Readonly<Record<K, string>>, keys: readonly K[]) {
  return Object.fromEntries(keys.map((key) => [key, Number(texts[key])])) as Record<K, number>
}

function scheduleOf(more: OptionTexts, value: Record<OptionKey, number>): TrainingOptions['schedule'] {
  const warmupEpochs = value.warmupEpochs
  switch (more.schedule) {
    case 'constant':
      return { kind: 'constant', warmupEpochs }
    case 'step':
      return { kind: 'step', warmupEpochs, everyEpochs: value.stepEveryEpochs, gamma: value.stepGamma }
    case 'cosine':
      return { kind: 'cosine', warmupEpochs, minLearningRate: value.minLearningRate }
  }
}

/** The options a 'start' command carries for these texts (all fields already known to be valid). */
export function trainingOptionsOf(more: OptionTexts): Partial<TrainingOptions> {
  const value = numbersOf(more, Object.keys(OPTION_FIELDS) as OptionKey[])
  const jitter = more.colour ? value.colourJitter : 0
  return {
    optimizer: more.optimizer === 'adam' || more.optimizer === 'adamw' ? more.optimizer : 'sgd',
    nesterov: more.optimizer === 'nesterov',
    weightDecay: value.weightDecay,
    schedule: scheduleOf(more, value),
    gradientClipNorm: value.gradientClipNorm,
    loss: more.loss,
    earlyStoppingPatience: value.earlyStoppingPatience,
    augmentation: {
      flip: more.flip,
      shiftPixels: more.shift ? value.shiftPixels : 0,
      rotationDegrees: more.rotation ? value.rotationDegrees : 0,
      brightness: jitter,
      contrast: jitter,
    },
    threads: value.threads,
  }
}

/** Messages that involve two fields, attached to the one to change. */
function crossFieldErrors(basic: Record<HyperparameterKey, number>, more: OptionTexts): SettingsErrors {
  const errors: Partial<Record<OptionKey | HyperparameterKey, string>> = {}
  if (Number(more.warmupEpochs) > basic.epochs) {
    errors.warmupEpochs = `At most the number of epochs (${basic.epochs})`
  }
  if (more.schedule === 'cosine' && Number(more.minLearningRate) > basic.learningRate) {
    errors.minLearningRate = `At most the learning rate (${basic.learningRate})`
  }
  if (more.optimizer === 'nesterov' && basic.momentum === 0) {
    errors.momentum = 'Nesterov needs a momentum above 0'
  }
  return errors
}

export function parseSettings(texts: SettingsTexts): ParsedSettings {
  const { basic, more } = texts
  const errors: Partial<Record<HyperparameterKey | OptionKey, string>> = {}
  const isMomentumUsed = usesMomentum(more.optimizer)
  for (const field of HYPERPARAMETER_FIELDS) {
    const message = field.key === 'momentum' && !isMomentumUsed ? null : fieldError(field, basic[field.key])
    if (message !== null) {
      errors[field.key] = message
    }
  }
  for (const key of activeOptionKeys(more)) {
    const message = fieldError(OPTION_FIELDS[key], more[key])
    if (message !== null) {
      errors[key] = message
    }
  }
  if (Object.keys(errors).length > 0) {
    return { hyperparameters: null, errors }
  }
  const value = numbersOf(basic, HYPERPARAMETER_FIELDS.map((field) => field.key))
  Object.assign(errors, crossFieldErrors(value, more))
  if (Object.keys(errors).length > 0) {
    return { hyperparameters: null, errors }
  }
  return {
    hyperparameters: {
      ...value,
      momentum: isMomentumUsed ? value.momentum : 0,
      options: trainingOptionsOf(more),
    },
    errors,
  }
}

function labelOf<V extends string>(choices: readonly ChoiceInfo<V>[], value: V): string {
  return choices.find((choice) => choice.value === value)?.label ?? value
}

/** One line for the closed "More settings" group: what is chosen, so nothing hides behind it. */
export function describeOptions(more: OptionTexts): string {
  const warmupEpochs = Number(more.warmupEpochs)
  const warmup = warmupEpochs > 0 ? ` with ${warmupEpochs} warm-up epoch${warmupEpochs === 1 ? '' : 's'}` : ''
  const parts = [
    labelOf(OPTIMIZER_CHOICES, more.optimizer),
    `${labelOf(SCHEDULE_CHOICES, more.schedule).toLowerCase()} rate${warmup}`,
  ]
  if (Number(more.weightDecay) > 0) {
    parts.push(`weight decay ${more.weightDecay}`)
  }
  if (Number(more.gradientClipNorm) > 0) {
    parts.push(`clipped at ${more.gradientClipNorm}`)
  }
  if (more.loss !== 'crossEntropy') {
    parts.push(labelOf(LOSS_CHOICES, more.loss).toLowerCase())
  }
  if (Number(more.earlyStoppingPatience) > 0) {
    parts.push(`early stopping, patience ${more.earlyStoppingPatience}`)
  }
  const augmentations = AUGMENTATION_SWITCHES.filter(({ key }) => more[key]).map(({ label }) =>
    label.toLowerCase(),
  )
  parts.push(augmentations.length === 0 ? 'no augmentation' : augmentations.join(', '))
  const threads = Number(more.threads)
  parts.push(threads > 0 ? `${threads} thread${threads === 1 ? '' : 's'}` : 'all cores')
  return parts.join(' · ')
}

/** Steps per epoch the preview assumes before data is chosen; only the warm-up's rounding depends on it. */
export const ASSUMED_STEPS_PER_EPOCH = 100

/**
 * What the schedule preview draws: needs only the fields the curve depends on, so a bad seed does not hide it.
 * `trainCount` is the chosen data's training images, null before there is data.
 */
export function schedulePlanOf(texts: SettingsTexts, trainCount: number | null): SchedulePlan | null {
  const { basic, more } = texts
  const basicKeys: HyperparameterKey[] = ['epochs', 'batchSize', 'learningRate']
  const scheduleKeys = activeOptionKeys(more).filter((key) =>
    (['warmupEpochs', 'stepEveryEpochs', 'stepGamma', 'minLearningRate'] as OptionKey[]).includes(key),
  )
  const messages = [
    ...HYPERPARAMETER_FIELDS.filter((field) => basicKeys.includes(field.key)).map((field) =>
      fieldError(field, basic[field.key]),
    ),
    ...scheduleKeys.map((key) => fieldError(OPTION_FIELDS[key], more[key])),
  ]
  const isValid = messages.every((message) => message === null)
  if (!isValid) {
    return null
  }
  const value = numbersOf(basic, basicKeys)
  return {
    schedule: scheduleOf(more, numbersOf(more, Object.keys(OPTION_FIELDS) as OptionKey[])),
    baseLearningRate: value.learningRate,
    stepsPerEpoch:
      trainCount === null ? ASSUMED_STEPS_PER_EPOCH : stepsPerEpochFor(trainCount, value.batchSize),
    epochs: value.epochs,
  }
}

// Checks the optional training settings of a 'start' command at the edge, field by field, naming the value.

import type { AugmentationSettings } from '../data/augment'
import type { LearningRateSchedule, TrainingOptions } from './trainingOptions'
import {
  expectBoolean,
  expectInteger,
  expectNumber,
  expectOneOf,
  expectRecord,
  fail,
  optional,
} from './validate'

const KNOWN_KEYS = [
  'optimizer',
  'nesterov',
  'weightDecay',
  'beta1',
  'beta2',
  'schedule',
  'gradientClipNorm',
  'loss',
  'earlyStoppingPatience',
  'earlyStoppingMinDelta',
  'augmentation',
  'threads',
] as const

function validateSchedule(value: unknown, path: string): LearningRateSchedule {
  const record = expectRecord(value, path)
  const kind = expectOneOf(record.kind, `${path}.kind`, ['constant', 'step', 'cosine'] as const)
  const warmupEpochs = expectNumber(record.warmupEpochs ?? 0, `${path}.warmupEpochs`, 0, 1000)
  switch (kind) {
    case 'constant':
      return { kind, warmupEpochs }
    case 'step':
      return {
        kind,
        warmupEpochs,
        everyEpochs: expectInteger(record.everyEpochs, `${path}.everyEpochs`, 1, 10_000),
        gamma: expectNumber(record.gamma, `${path}.gamma`, 0, 1),
      }
    case 'cosine':
      return { kind, warmupEpochs, minLearningRate: expectNumber(record.minLearningRate ?? 0, `${path}.minLearningRate`, 0, 10) }
  }
}

function validateAugmentation(value: unknown, path: string): AugmentationSettings {
  const record = expectRecord(value, path)
  return {
    flip: expectBoolean(record.flip ?? false, `${path}.flip`),
    shiftPixels: expectInteger(record.shiftPixels ?? 0, `${path}.shiftPixels`, 0, 64),
    rotationDegrees: expectNumber(record.rotationDegrees ?? 0, `${path}.rotationDegrees`, 0, 180),
    brightness: expectNumber(record.brightness ?? 0, `${path}.brightness`, 0, 1),
    contrast: expectNumber(record.contrast ?? 0, `${path}.contrast`, 0, 1),
  }
}

export function validateTrainingOptions(value: unknown, path: string): Partial<TrainingOptions> {
  const record = expectRecord(value, path)
  for (const key of Object.keys(record)) {
    if (!(KNOWN_KEYS as readonly string[]).includes(key)) {
      fail(`${path}.${key}`, record[key], `no such setting; known settings: ${KNOWN_KEYS.join(', ')}`)
    }
  }
  const options: Partial<Record<keyof TrainingOptions, unknown>> = {
    optimizer: optional(record.optimizer, (v) => expectOneOf(v, `${path}.optimizer`, ['sgd', 'adam', 'adamw'] as const)),
    nesterov: optional(record.nesterov, (v) => expectBoolean(v, `${path}.nesterov`)),
    weightDecay: optional(record.weightDecay, (v) => expectNumber(v, `${path}.weightDecay`, 0, 1)),
    beta1: optional(record.beta1, (v) => expectNumber(v, `${path}.beta1`, 0, 0.9999)),
    beta2: optional(record.beta2, (v) => expectNumber(v, `${path}.beta2`, 0, 0.99999)),
    schedule: optional(record.schedule, (v) => validateSchedule(v, `${path}.schedule`)),
    gradientClipNorm: optional(record.gradientClipNorm, (v) => expectNumber(v, `${path}.gradientClipNorm`, 0, 1e6)),
    loss: optional(record.loss, (v) => expectOneOf(v, `${path}.loss`, ['crossEntropy', 'mse'] as const)),
    earlyStoppingPatience: optional(record.earlyStoppingPatience, (v) =>
      expectInteger(v, `${path}.earlyStoppingPatience`, 0, 10_000),
    ),
    earlyStoppingMinDelta: optional(record.earlyStoppingMinDelta, (v) =>
      expectNumber(v, `${path}.earlyStoppingMinDelta`, 0, 1e6),
    ),
    augmentation: optional(record.augmentation, (v) => validateAugmentation(v, `${path}.augmentation`)),
    threads: optional(record.threads, (v) => expectInteger(v, `${path}.threads`, 0, 256)),
  }
  for (const key of Object.keys(options) as (keyof TrainingOptions)[]) {
    if (options[key] === undefined) {
      delete options[key]
    }
  }
  return options as Partial<TrainingOptions>
}

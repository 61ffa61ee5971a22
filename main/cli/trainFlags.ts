// The `train` command's training flags turned into Hyperparameters (with their optional TrainingOptions),
// each checked at the edge with a message naming the flag, the value and what was expected.

import type { Hyperparameters } from '../../app/protocol/trainerProtocol'
import { DEFAULT_HYPERPARAMETERS } from '../../app/protocol/trainerProtocol'
import type { TrainingOptions } from '../../app/protocol/trainingOptions'
import { CliError } from './cliError'
import { integerFlag, numberFlag } from './flags'

type Flags = Record<string, string | boolean | undefined>

export const TRAINING_FLAGS = {
  epochs: { type: 'string' },
  batch: { type: 'string' },
  lr: { type: 'string' },
  momentum: { type: 'string' },
  seed: { type: 'string' },
  optimizer: { type: 'string' },
  nesterov: { type: 'boolean' },
  'weight-decay': { type: 'string' },
  schedule: { type: 'string' },
  warmup: { type: 'string' },
  clip: { type: 'string' },
  loss: { type: 'string' },
  patience: { type: 'string' },
  augment: { type: 'string' },
  threads: { type: 'string' },
} as const

export const TRAINING_FLAGS_USAGE = `  --epochs N       passes over the training split                             (default ${DEFAULT_HYPERPARAMETERS.epochs})
  --batch B        images per optimisation step                               (default ${DEFAULT_HYPERPARAMETERS.batchSize})
  --lr X           base learning rate                                         (default ${DEFAULT_HYPERPARAMETERS.learningRate})
  --momentum M     SGD momentum (0 for plain SGD); Adam's beta1 stays 0.9     (default ${DEFAULT_HYPERPARAMETERS.momentum})
  --seed S         seed for initial weights, shuffling, augmentation, dropout (default ${DEFAULT_HYPERPARAMETERS.seed})
  --optimizer O    sgd, adam or adamw                                         (default sgd)
  --nesterov       Nesterov momentum (SGD)
  --weight-decay W L2 decay (SGD, Adam) or decoupled decay (AdamW) of weights (default 0)
  --schedule S     constant, step:EVERY:GAMMA (e.g. step:10:0.1) or cosine[:MIN_LR] (default constant)
  --warmup E       epochs of linear learning-rate warm-up                     (default 0)
  --clip N         clip the gradient norm to N                                (default off)
  --loss L         cross-entropy or mse                                       (default cross-entropy)
  --patience P     early stopping after P epochs without a better validation loss (default off)
  --augment LIST   e.g. flip,shift=4,rotate=10,brightness=0.2,contrast=0.2    (default none)
  --threads N      training threads                                           (default: one per core)`

function scheduleFlag(value: string | boolean | undefined, warmupEpochs: number): TrainingOptions['schedule'] {
  const text = typeof value === 'string' ? value : 'constant'
  const [kind, ...parts] = text.split(':')
  const expected = "constant, step:EVERY_EPOCHS:GAMMA or cosine[:MIN_LR]"
  if (kind === 'constant' && parts.length === 0) {
    return { kind, warmupEpochs }
  }
  if (kind === 'step' && parts.length === 2) {
    return {
      kind,
      warmupEpochs,
      everyEpochs: integerFlag(parts[0], 'schedule step:EVERY', 1, 1, 10_000),
      gamma: numberFlag(parts[1], 'schedule step:…:GAMMA', 0.1, { min: 0, max: 1 }),
    }
  }
  if (kind === 'cosine' && parts.length <= 1) {
    return { kind, warmupEpochs, minLearningRate: numberFlag(parts[0], 'schedule cosine:MIN_LR', 0, { min: 0, max: 10 }) }
  }
  throw new CliError(`--schedule: got '${text}', expected ${expected}`)
}

function augmentFlag(value: string | boolean | undefined): TrainingOptions['augmentation'] {
  const settings = { flip: false, shiftPixels: 0, rotationDegrees: 0, brightness: 0, contrast: 0 }
  if (typeof value !== 'string' || value === 'none') {
    return settings
  }
  for (const item of value.split(',')) {
    const [name, amount] = item.split('=')
    switch (name) {
      case 'flip':
        settings.flip = true
        break
      case 'shift':
        settings.shiftPixels = integerFlag(amount ?? '4', 'augment shift', 4, 0, 64)
        break
      case 'rotate':
        settings.rotationDegrees = numberFlag(amount ?? '10', 'augment rotate', 10, { min: 0, max: 180 })
        break
      case 'brightness':
      case 'contrast':
        settings[name] = numberFlag(amount ?? '0.2', `augment ${name}`, 0.2, { min: 0, max: 1 })
        break
      default:
        throw new CliError(`--augment: got '${item}', expected flip, shift=N, rotate=DEG, brightness=X or contrast=X`)
    }
  }
  return settings
}

function choice<T extends string>(value: string | boolean | undefined, name: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) {
    return fallback
  }
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new CliError(`--${name}: got '${String(value)}', expected one of ${allowed.join(', ')}`)
  }
  return value as T
}

export function readHyperparameters(flags: Flags): Hyperparameters {
  const defaults = DEFAULT_HYPERPARAMETERS
  const warmupEpochs = numberFlag(flags.warmup, 'warmup', 0, { min: 0, max: 1000 })
  const lossName = choice(flags.loss, 'loss', ['cross-entropy', 'mse'] as const, 'cross-entropy')
  const options: TrainingOptions = {
    optimizer: choice(flags.optimizer, 'optimizer', ['sgd', 'adam', 'adamw'] as const, 'sgd'),
    nesterov: flags.nesterov === true,
    weightDecay: numberFlag(flags['weight-decay'], 'weight-decay', 0, { min: 0, max: 1 }),
    beta1: 0.9,
    beta2: 0.999,
    schedule: scheduleFlag(flags.schedule, warmupEpochs),
    gradientClipNorm: numberFlag(flags.clip, 'clip', 0, { min: 0, max: 1e6 }),
    loss: lossName === 'mse' ? 'mse' : 'crossEntropy',
    earlyStoppingPatience: integerFlag(flags.patience, 'patience', 0, 0, 10_000),
    earlyStoppingMinDelta: 0,
    augmentation: augmentFlag(flags.augment),
    threads: integerFlag(flags.threads, 'threads', 0, 1, 256),
  }
  return {
    epochs: integerFlag(flags.epochs, 'epochs', defaults.epochs, 1, 10_000),
    batchSize: integerFlag(flags.batch, 'batch', defaults.batchSize, 1, 4096),
    learningRate: numberFlag(flags.lr, 'lr', defaults.learningRate, { min: 0, max: 10, isMinExclusive: true }),
    momentum: numberFlag(flags.momentum, 'momentum', defaults.momentum, { min: 0, max: 0.999 }),
    seed: integerFlag(flags.seed, 'seed', defaults.seed, 0, 2 ** 32 - 1),
    options,
  }
}

// The Train screen's "More settings": optimiser, schedule, clipping, loss, early stopping, augmentation and
// threads, as choices and numeric fields with a one-line explanation each. Limits match what the trainer
// accepts (app/protocol/validateTrainingOptions.ts). trainingSettings.ts turns the texts into TrainingOptions.

import type { LossKind } from '../../../app/protocol/trainingOptions'
import type { FieldInfo } from './hyperparameterFields'

/** The optimiser as a person picks it; the three SGD variants become 'sgd' with momentum and nesterov. */
export type OptimizerChoice = 'sgd' | 'momentum' | 'nesterov' | 'adam' | 'adamw'
export type ScheduleChoice = 'constant' | 'step' | 'cosine'

export type ChoiceInfo<V extends string> = Readonly<{ value: V; label: string; help: string }>

export const OPTIMIZER_CHOICES: readonly ChoiceInfo<OptimizerChoice>[] = [
  {
    value: 'sgd',
    label: 'SGD',
    help: 'Plain gradient descent: every update follows the current batch alone.',
  },
  {
    value: 'momentum',
    label: 'SGD + momentum',
    help: 'Keeps part of the previous update (the Momentum field), which smooths and speeds up descent.',
  },
  {
    value: 'nesterov',
    label: 'SGD + Nesterov',
    help: 'Momentum that looks one step ahead before correcting; often settles a little faster.',
  },
  {
    value: 'adam',
    label: 'Adam',
    help: 'Adapts the step size of every weight on its own; forgiving. Start with a learning rate of 0.001.',
  },
  {
    value: 'adamw',
    label: 'AdamW',
    help: 'Adam with weight decay applied straight to the weights, the usual choice when you use decay.',
  },
]

export const SCHEDULE_CHOICES: readonly ChoiceInfo<ScheduleChoice>[] = [
  { value: 'constant', label: 'Constant', help: 'The same learning rate for the whole run.' },
  { value: 'step', label: 'Step', help: 'Multiplies the learning rate by a factor every few epochs.' },
  {
    value: 'cosine',
    label: 'Cosine',
    help: 'Lowers the learning rate smoothly along a half cosine to a final value.',
  },
]

export const LOSS_CHOICES: readonly ChoiceInfo<LossKind>[] = [
  {
    value: 'crossEntropy',
    label: 'Cross-entropy',
    help: 'Softmax cross-entropy: punishes confident wrong answers hard; the standard for classification.',
  },
  {
    value: 'mse',
    label: 'Mean squared error',
    help: 'Squared distance between probabilities and the one-hot answer, as in textbooks; learns slower.',
  },
]

/** The three augmentation switches that come with an amount (flip has none). */
export type AugmentationSwitch = 'shift' | 'rotation' | 'colour'

export type OptionKey =
  | 'weightDecay'
  | 'gradientClipNorm'
  | 'warmupEpochs'
  | 'stepEveryEpochs'
  | 'stepGamma'
  | 'minLearningRate'
  | 'earlyStoppingPatience'
  | 'shiftPixels'
  | 'rotationDegrees'
  | 'colourJitter'
  | 'threads'

export type OptionTexts = Readonly<
  {
    optimizer: OptimizerChoice
    schedule: ScheduleChoice
    loss: LossKind
    flip: boolean
  } & Record<AugmentationSwitch, boolean> &
    Record<OptionKey, string>
>

/** Smallest and largest value, and whether only whole numbers are allowed. */
type Range = readonly [min: number, max: number, kind: 'whole' | 'decimal']

function field(
  key: OptionKey,
  label: string,
  testId: string,
  range: Range,
  help: string,
): FieldInfo<OptionKey> {
  const [min, max, kind] = range
  const isInteger = kind === 'whole'
  return { key, label, testId, help, min, max, isInteger, step: isInteger ? '1' : 'any' }
}

export const OPTION_FIELDS: Readonly<Record<OptionKey, FieldInfo<OptionKey>>> = {
  weightDecay: field('weightDecay', 'Weight decay', 'weight-decay-input', [0, 1, 'decimal'],
    'Pulls every weight a little towards zero at each update to curb overfitting (0 is off; try 0.0005).'),
  gradientClipNorm: field('gradientClipNorm', 'Clip gradient norm', 'clip-input', [0, 1e6, 'decimal'],
    'Shrinks an update whose overall gradient size exceeds this, taming sudden loss spikes (0 is off).'),
  warmupEpochs: field('warmupEpochs', 'Warm-up epochs', 'warmup-input', [0, 1000, 'decimal'],
    'Ramps the learning rate up from almost zero over this many epochs first (0 is off; fractions allowed).'),
  stepEveryEpochs: field('stepEveryEpochs', 'Drop every', 'step-every-input', [1, 10_000, 'whole'],
    'How many epochs pass between two drops of the learning rate.'),
  stepGamma: field('stepGamma', 'Drop factor', 'step-gamma-input', [1e-6, 1, 'decimal'],
    'What each drop multiplies the learning rate by (0.1 divides it by ten).'),
  minLearningRate: field('minLearningRate', 'Final rate', 'min-rate-input', [0, 10, 'decimal'],
    'The learning rate the cosine curve ends at, at most the starting learning rate.'),
  earlyStoppingPatience: field('earlyStoppingPatience', 'Early-stop patience', 'patience-input', [0, 1e4, 'whole'],
    'Stops once validation loss has not improved for this many epochs in a row (0 never stops early).'),
  shiftPixels: field('shiftPixels', 'Pixels', 'augment-shift-pixels', [1, 64, 'whole'],
    'Moves each training image by up to this many pixels in each direction, filling with black.'),
  rotationDegrees: field('rotationDegrees', 'Degrees', 'augment-rotation-degrees', [0.1, 180, 'decimal'],
    'Turns each training image by a random angle of up to this many degrees either way.'),
  colourJitter: field('colourJitter', 'Amount', 'augment-colour-amount', [0.01, 1, 'decimal'],
    'Scales brightness and contrast by a random factor within 1 ± this amount.'),
  threads: field('threads', 'Threads', 'threads-input', [0, 256, 'whole'],
    'How many CPU threads train at once; 0 uses one per core of the machine the trainer runs on.'),
}

export const AUGMENTATION_SWITCHES: readonly Readonly<{
  key: 'flip' | AugmentationSwitch
  label: string
  testId: string
  help: string
  amount: OptionKey | null
}>[] = [
  { key: 'flip', label: 'Flip', testId: 'augment-flip', amount: null,
    help: 'Mirrors half the training images left to right; right for photos, wrong for text and digits.' },
  { key: 'shift', label: 'Shift', testId: 'augment-shift', amount: 'shiftPixels',
    help: 'Moves training images a few pixels, so the network does not rely on exact positions.' },
  { key: 'rotation', label: 'Rotate', testId: 'augment-rotation', amount: 'rotationDegrees',
    help: 'Turns training images by a small random angle.' },
  { key: 'colour', label: 'Brightness / contrast', testId: 'augment-colour', amount: 'colourJitter',
    help: 'Varies the brightness and contrast of training images, as different lighting would.' },
]

export const DEFAULT_OPTION_TEXTS: OptionTexts = {
  optimizer: 'momentum',
  schedule: 'constant',
  loss: 'crossEntropy',
  flip: false,
  shift: false,
  rotation: false,
  colour: false,
  weightDecay: '0',
  gradientClipNorm: '0',
  warmupEpochs: '0',
  stepEveryEpochs: '2',
  stepGamma: '0.1',
  minLearningRate: '0',
  earlyStoppingPatience: '0',
  shiftPixels: '2',
  rotationDegrees: '10',
  colourJitter: '0.2',
  threads: '0',
}

/** Whether the Momentum field means anything for this optimiser (Adam keeps its own moment averages). */
export function usesMomentum(optimizer: OptimizerChoice): boolean {
  return optimizer === 'momentum' || optimizer === 'nesterov'
}

/** The numeric fields that matter with these choices; the others are hidden and never checked. */
export function activeOptionKeys(texts: OptionTexts): OptionKey[] {
  const keys: OptionKey[] = ['weightDecay', 'gradientClipNorm', 'warmupEpochs']
  if (texts.schedule === 'step') {
    keys.push('stepEveryEpochs', 'stepGamma')
  } else if (texts.schedule === 'cosine') {
    keys.push('minLearningRate')
  }
  keys.push('earlyStoppingPatience')
  for (const { key, amount } of AUGMENTATION_SWITCHES) {
    if (amount !== null && key !== 'flip' && texts[key]) {
      keys.push(amount)
    }
  }
  keys.push('threads')
  return keys
}

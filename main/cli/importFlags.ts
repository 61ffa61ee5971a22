// The import flags that `train --data` and `doctor` share (--size, --color, --resize, --validation, --test,
// --split-seed), turned into ImportSettingsInput. Ranges and messages come from app/data/importSettings.ts
// (validateImportSettings), so the CLI refuses exactly what the app refuses; here the message is reworded to
// name the flag. Absent flags stay absent: the importer fills them from the data.

import type { ImportSettingsInput, Preprocessing, ResizeMode, SplitSettings } from '../../app/data/importSettings'
import { DEFAULT_SPLIT, MAX_IMAGE_SIZE, MIN_IMAGE_SIZE, validateImportSettings } from '../../app/data/importSettings'
import { CliError } from './cliError'

type Flags = Record<string, string | boolean | undefined>

export const IMPORT_FLAGS = {
  size: { type: 'string' },
  color: { type: 'string' },
  resize: { type: 'string' },
  validation: { type: 'string' },
  test: { type: 'string' },
  'split-seed': { type: 'string' },
} as const

export const IMPORT_FLAG_NAMES = Object.keys(IMPORT_FLAGS) as readonly (keyof typeof IMPORT_FLAGS)[]

/** One help row: the flag, what it does, and its default in the column train's other flags use. */
function row(flag: string, text: string, fallback: string): string {
  return `  ${flag.padEnd(17)}${text.padEnd(59)}(default ${fallback})`
}

export const IMPORT_FLAGS_USAGE = [
  row('--size N', `images become N×N pixels, ${MIN_IMAGE_SIZE} to ${MAX_IMAGE_SIZE}`,
    'from the data, 8–64; IDX 28, CIFAR 32'),
  row('--color C', 'grayscale or rgb', 'grayscale if every image is'),
  row('--resize R', 'squash (stretch), crop (centre crop) or letterbox (pad)', 'squash'),
  row('--validation F', 'fraction of each class for validation (0.15 = 15%)', String(DEFAULT_SPLIT.validation)),
  row('--test F', 'fraction of each class for testing, 0 to 0.9', String(DEFAULT_SPLIT.test)),
  row('--split-seed N', 'seed of the stable split: same files and seed, same split', String(DEFAULT_SPLIT.seed)),
  '                   validation + test is at most 0.9; a split the source already has (train/ val/ test/',
  '                   folders, IDX or CIFAR test files) is kept and only what it lacks is carved out',
].join('\n')

/** CLI word -> the setting's value; 'crop' is shorter to type than the app's 'centerCrop'. */
const RESIZE_WORDS: Readonly<Record<string, ResizeMode>> = { squash: 'squash', crop: 'centerCrop', letterbox: 'letterbox' }

/** The import flags given, by name (they make no sense with a built-in sample or --resume). */
export function givenImportFlags(flags: Flags): string[] {
  return IMPORT_FLAG_NAMES.filter((name) => flags[name] !== undefined).map((name) => `--${name}`)
}

/** The import flags given, as arguments again (`--size 16`), to pass the same settings to another command. */
export function importFlagArgs(flags: Flags): string[] {
  return IMPORT_FLAG_NAMES.flatMap((name) => {
    const value = flags[name]
    return typeof value === 'string' ? [`--${name}`, value] : []
  })
}

/** A number as typed (whole numbers in plain decimal); anything else becomes NaN, which the validator refuses. */
function numeric(value: string | boolean | undefined, isWhole: boolean): number | undefined {
  if (value === undefined) {
    return undefined
  }
  const pattern = isWhole ? /^\s*-?\d+\s*$/ : /\S/
  return typeof value === 'string' && pattern.test(value) ? Number(value) : Number.NaN
}

/** Runs validateImportSettings on one setting and rewords its message: "--flag: got 'typed', expected …". */
function checked(flag: string, typed: string | boolean | undefined, settings: unknown): void {
  try {
    validateImportSettings(settings, 'settings')
  } catch (error) {
    const message = (error as Error).message
    const expected = message.slice(message.indexOf(', expected ') + ', expected '.length)
    const hint = flag === '--validation' || flag === '--test' ? ' (a fraction: 0.1 means 10%)' : ''
    throw new CliError(`${flag}: got '${String(typed)}', expected ${expected}${hint}`)
  }
}

/** The import flags as settings for importDataset; throws a CliError naming the first bad flag. */
export function readImportSettings(flags: Flags): ImportSettingsInput {
  const preprocessing: { size?: number; colorMode?: Preprocessing['colorMode']; resizeMode?: ResizeMode } = {}
  const split: { validation?: number; test?: number; seed?: number } = {}
  const size = numeric(flags.size, true)
  if (size !== undefined) {
    checked('--size', flags.size, { preprocessing: { size } })
    preprocessing.size = size
  }
  if (flags.color !== undefined) {
    checked('--color', flags.color, { preprocessing: { colorMode: flags.color } })
    preprocessing.colorMode = flags.color as Preprocessing['colorMode']
  }
  if (flags.resize !== undefined) {
    const resizeMode = typeof flags.resize === 'string' ? RESIZE_WORDS[flags.resize] : undefined
    if (!resizeMode) {
      throw new CliError(`--resize: got '${String(flags.resize)}', expected one of ${Object.keys(RESIZE_WORDS).join(', ')}`)
    }
    preprocessing.resizeMode = resizeMode
  }
  const fractions = [['--validation', 'validation'], ['--test', 'test'], ['--split-seed', 'seed']] as const
  for (const [flag, key] of fractions) {
    const value = numeric(flags[flag.slice(2)], key === 'seed')
    if (value !== undefined) {
      // Checked with the other fraction at 0 so a lone value is judged on its own range first.
      checked(flag, flags[flag.slice(2)], { split: { validation: 0, test: 0, [key]: value } })
      split[key] = value
    }
  }
  const settings: { preprocessing?: Partial<Preprocessing>; split?: Partial<SplitSettings> } = {}
  if (Object.keys(preprocessing).length > 0) {
    settings.preprocessing = preprocessing
  }
  if (Object.keys(split).length > 0) {
    settings.split = split
    const validation = split.validation ?? DEFAULT_SPLIT.validation
    const test = split.test ?? DEFAULT_SPLIT.test
    if (validation + test > 0.9) {
      throw new CliError(
        `--validation/--test: got ${validation} + ${test} = ${Number((validation + test).toFixed(6))}, ` +
          'expected at most 0.9 together so training keeps data',
      )
    }
  }
  // The whole object once more, so anything the per-flag checks missed is still refused with the app's message.
  try {
    return validateImportSettings(settings, 'import settings')
  } catch (error) {
    throw new CliError((error as Error).message)
  }
}

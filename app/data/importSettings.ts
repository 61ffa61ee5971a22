// What a person chooses when importing a dataset: how images are turned into network input (size, colour mode,
// resize mode) and how they are split into train / validation / test. Stored with the dataset (cache header and
// manifest) so a re-import, the trainer and every export apply the same steps. Types, defaults and validation
// only: the importer (main/services/import) applies them.

import type { Normalization } from './imageDataset'
import { expectArray, expectInteger, expectNumber, expectOneOf, expectRecord, fail } from '../protocol/validate'

export type ColorMode = 'grayscale' | 'rgb'
/** squash: stretch to the square; centerCrop: scale the short side, cut the middle; letterbox: fit, pad black. */
export type ResizeMode = 'squash' | 'centerCrop' | 'letterbox'

export const COLOR_MODES: readonly ColorMode[] = ['grayscale', 'rgb']
export const RESIZE_MODES: readonly ResizeMode[] = ['squash', 'centerCrop', 'letterbox']

/** Images become size × size × (1 or 3) uint8. */
export type Preprocessing = Readonly<{ size: number; colorMode: ColorMode; resizeMode: ResizeMode }>

/**
 * Fractions of each class held out for validation and test, and the seed of the stable split. Ignored for a split
 * the source already has (train/ val/ test/ folders, IDX and CIFAR test files): only missing parts are carved out.
 */
export type SplitSettings = Readonly<{ validation: number; test: number; seed: number }>

/** What a request may leave out: the importer fills the gaps from the data (size, colour) and the defaults. */
export type ImportSettingsInput = Readonly<{ preprocessing?: Partial<Preprocessing>; split?: Partial<SplitSettings> }>

export const MIN_IMAGE_SIZE = 4
export const MAX_IMAGE_SIZE = 512
export const DEFAULT_RESIZE_MODE: ResizeMode = 'squash'
export const DEFAULT_SPLIT: SplitSettings = { validation: 0.1, test: 0.1, seed: 1 }

export function channelsOf(colorMode: ColorMode): 1 | 3 {
  return colorMode === 'grayscale' ? 1 : 3
}

/** Checks settings that came from outside (IPC, WebSocket, CLI, project file); absent fields stay absent. */
export function validateImportSettings(value: unknown, path: string): ImportSettingsInput {
  if (value === undefined) {
    return {}
  }
  const record = expectRecord(value, path)
  for (const key of Object.keys(record)) {
    if (key !== 'preprocessing' && key !== 'split') {
      fail(`${path}.${key}`, record[key], 'no such setting (expected preprocessing or split)')
    }
  }
  const settings: { preprocessing?: Partial<Preprocessing>; split?: Partial<SplitSettings> } = {}
  if (record.preprocessing !== undefined) {
    const input = expectRecord(record.preprocessing, `${path}.preprocessing`)
    checkKeys(input, `${path}.preprocessing`, ['size', 'colorMode', 'resizeMode'])
    const preprocessing: { size?: number; colorMode?: ColorMode; resizeMode?: ResizeMode } = {}
    if (input.size !== undefined) {
      preprocessing.size = expectInteger(input.size, `${path}.preprocessing.size`, MIN_IMAGE_SIZE, MAX_IMAGE_SIZE)
    }
    if (input.colorMode !== undefined) {
      preprocessing.colorMode = expectOneOf(input.colorMode, `${path}.preprocessing.colorMode`, COLOR_MODES)
    }
    if (input.resizeMode !== undefined) {
      preprocessing.resizeMode = expectOneOf(input.resizeMode, `${path}.preprocessing.resizeMode`, RESIZE_MODES)
    }
    settings.preprocessing = preprocessing
  }
  if (record.split !== undefined) {
    const input = expectRecord(record.split, `${path}.split`)
    checkKeys(input, `${path}.split`, ['validation', 'test', 'seed'])
    const split: { validation?: number; test?: number; seed?: number } = {}
    if (input.validation !== undefined) {
      split.validation = expectNumber(input.validation, `${path}.split.validation`, 0, 0.9)
    }
    if (input.test !== undefined) {
      split.test = expectNumber(input.test, `${path}.split.test`, 0, 0.9)
    }
    if (input.seed !== undefined) {
      split.seed = expectInteger(input.seed, `${path}.split.seed`, 0, 2 ** 32 - 1)
    }
    const validation = split.validation ?? DEFAULT_SPLIT.validation
    const test = split.test ?? DEFAULT_SPLIT.test
    if (validation + test > 0.9) {
      fail(`${path}.split`, input, `validation + test at most 0.9 so training keeps data (got ${validation + test})`)
    }
    settings.split = split
  }
  return settings
}

/** The split with defaults filled in. */
export function resolveSplit(input: Partial<SplitSettings> | undefined): SplitSettings {
  return { ...DEFAULT_SPLIT, ...input }
}

function checkKeys(record: Record<string, unknown>, path: string, allowed: readonly string[]): void {
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      fail(`${path}.${key}`, record[key], `no such setting (expected ${allowed.join(', ')})`)
    }
  }
}

/** A complete Preprocessing (every field present), with the same bounds as import settings. */
export function expectPreprocessing(value: unknown, path: string): Preprocessing {
  const record = expectRecord(value, path)
  return {
    size: expectInteger(record.size, `${path}.size`, MIN_IMAGE_SIZE, MAX_IMAGE_SIZE),
    colorMode: expectOneOf(record.colorMode, `${path}.colorMode`, COLOR_MODES),
    resizeMode: expectOneOf(record.resizeMode, `${path}.resizeMode`, RESIZE_MODES),
  }
}

/** Complete SplitSettings (every field present), with the same bounds as import settings. */
export function expectSplitSettings(value: unknown, path: string): SplitSettings {
  const record = expectRecord(value, path)
  const validation = expectNumber(record.validation, `${path}.validation`, 0, 0.9)
  const test = expectNumber(record.test, `${path}.test`, 0, 0.9)
  if (validation + test > 0.9) {
    fail(path, value, `validation + test at most 0.9 (got ${validation + test})`)
  }
  return { validation, test, seed: expectInteger(record.seed, `${path}.seed`, 0, 2 ** 32 - 1) }
}

/** One mean in 0..1 and one std in (0, 1] per channel (pixel values in 0..1 cannot spread wider). */
export function expectNormalization(value: unknown, path: string, channels: number): Normalization {
  const record = expectRecord(value, path)
  const perChannel = (key: 'mean' | 'std'): number[] => {
    const values = expectArray(record[key], `${path}.${key}`, channels)
    if (values.length !== channels) {
      fail(`${path}.${key}`, values, `one value per channel (${channels})`)
    }
    return values.map((item, c) => expectNumber(item, `${path}.${key}[${c}]`, 0, 1))
  }
  const normalization = { mean: perChannel('mean'), std: perChannel('std') }
  const flat = normalization.std.findIndex((std) => std <= 0)
  if (flat >= 0) {
    fail(`${path}.std[${flat}]`, 0, 'a standard deviation above 0 (a constant channel gets 1)')
  }
  return normalization
}

// The Data screen's settings form as plain data: the text a person typed for each field, read back into
// ImportSettingsInput with a message per field that is wrong, and what the split origin means in words.
// Pure (no React, no DOM) so the rules are tested directly; SettingsPanel renders it.

import type { ColorMode, ImportSettingsInput, ResizeMode } from '../../../app/data/importSettings'
import { MAX_IMAGE_SIZE, MIN_IMAGE_SIZE } from '../../../app/data/importSettings'
import type { DatasetSummary, SplitOrigin } from '../../../app/protocol/studioApi'

export type SettingsForm = Readonly<{
  size: string
  colorMode: ColorMode
  resizeMode: ResizeMode
  validationPercent: string
  testPercent: string
  seed: string
}>

export type SettingsField = keyof SettingsForm
export type SettingsErrors = Partial<Record<SettingsField, string>>

const MAX_HELD_OUT_PERCENT = 90
const MAX_SEED = 2 ** 32 - 1

/** A percentage without float noise: 0.1 -> "10", 0.125 -> "12.5". */
function percentText(fraction: number): string {
  return String(Number((fraction * 100).toFixed(2)))
}

export function formFromSummary(summary: DatasetSummary): SettingsForm {
  const { preprocessing, split } = summary
  return {
    size: String(preprocessing.size),
    colorMode: preprocessing.colorMode,
    resizeMode: preprocessing.resizeMode,
    validationPercent: percentText(split.validation),
    testPercent: percentText(split.test),
    seed: String(split.seed),
  }
}

function readNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text)
}

/** The settings the form describes, or the message of every field that is wrong. */
export function readSettingsForm(
  form: SettingsForm,
): Readonly<{ settings: ImportSettingsInput; errors: SettingsErrors }> {
  const errors: { -readonly [K in SettingsField]?: string } = {}
  const size = readNumber(form.size)
  if (!Number.isInteger(size) || size < MIN_IMAGE_SIZE || size > MAX_IMAGE_SIZE) {
    errors.size = `Enter a whole number of pixels from ${MIN_IMAGE_SIZE} to ${MAX_IMAGE_SIZE}.`
  }
  const validation = readNumber(form.validationPercent)
  const test = readNumber(form.testPercent)
  for (const [field, value] of [['validationPercent', validation], ['testPercent', test]] as const) {
    if (!Number.isFinite(value) || value < 0 || value > MAX_HELD_OUT_PERCENT) {
      errors[field] = `Enter a percentage from 0 to ${MAX_HELD_OUT_PERCENT}.`
    }
  }
  const arePercentsValid = errors.validationPercent === undefined && errors.testPercent === undefined
  if (arePercentsValid && validation + test > MAX_HELD_OUT_PERCENT) {
    errors.testPercent =
      `Validation and test together may hold out at most ${MAX_HELD_OUT_PERCENT}%, so training keeps data.`
  }
  const seed = readNumber(form.seed)
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    errors.seed = `Enter a whole number from 0 to ${MAX_SEED}.`
  }
  return {
    settings: {
      preprocessing: { size, colorMode: form.colorMode, resizeMode: form.resizeMode },
      split: { validation: validation / 100, test: test / 100, seed },
    },
    errors,
  }
}

/** Whether applying the form would change anything (Apply is disabled otherwise). */
export function isFormChanged(form: SettingsForm, summary: DatasetSummary): boolean {
  const current = formFromSummary(summary)
  return (Object.keys(current) as SettingsField[]).some((key) => {
    const typed = form[key]
    const now = current[key]
    const [a, b] = [readNumber(typed), readNumber(now)]
    return Number.isFinite(a) && Number.isFinite(b) ? a !== b : typed !== now
  })
}

/** Which split fields the settings decide: the parts the source already splits are fixed. */
export function splitFieldsInUse(origin: SplitOrigin): Readonly<{ validation: boolean; test: boolean }> {
  // IDX and CIFAR ship a test file: the test part comes from it and validation is carved from the training files.
  return origin === 'sourceFiles' ? { validation: true, test: false } : { validation: true, test: true }
}

/** One sentence on where the split comes from, or null when the seeded split decides everything. */
export function splitOriginText(origin: SplitOrigin): string | null {
  switch (origin) {
    case 'seeded':
      return null
    case 'folders':
      return 'This folder has its own train/, val/ or test/ folders: their images keep that split, and only a part ' +
        'the folders lack is carved from the training images with the percentages below.'
    case 'sourceFiles':
      return 'The test images come from the source’s own test file; validation is carved from the training ' +
        'images with the percentage below.'
  }
}

/** What Apply will cost, in one sentence: a new preprocessing decodes every image, a new split decodes none. */
export function applyCostText(form: SettingsForm, summary: DatasetSummary): string {
  const current = formFromSummary(summary)
  const preprocessingChanged = Number(form.size) !== Number(current.size) || form.colorMode !== current.colorMode
    || form.resizeMode !== current.resizeMode
  if (preprocessingChanged) {
    return 'A new size, colour or resize mode decodes every image again.'
  }
  return isFormChanged(form, summary)
    ? 'Only the split changes: no image is decoded again.'
    : 'Re-importing decodes only files that are new or changed since the last import.'
}

import { describe, expect, test } from 'vitest'
import type { DatasetSummary } from '../../../../app/protocol/studioApi'
import { validateImportSettings } from '../../../../app/data/importSettings'
import { parseDatasetSummary } from '../../../../renderer/api/incomingDataset'
import {
  applyCostText,
  formFromSummary,
  isFormChanged,
  readSettingsForm,
  splitFieldsInUse,
  splitOriginText,
} from '../../../../renderer/features/data/importSettingsForm'
import { sampleSummary } from '../../fixtures'

const summary: DatasetSummary = parseDatasetSummary(sampleSummary())

describe('the settings form', () => {
  test('starts from the stored settings and reads back exactly them, which the host accepts', () => {
    const form = formFromSummary(summary)
    expect(form).toEqual({ size: '4', colorMode: 'grayscale', resizeMode: 'squash', validationPercent: '10', testPercent: '15', seed: '7' })
    const { settings, errors } = readSettingsForm(form)
    expect(errors).toEqual({})
    expect(settings).toEqual({ preprocessing: summary.preprocessing, split: summary.split })
    expect(validateImportSettings(settings, 'settings')).toEqual(settings)
    expect(isFormChanged(form, summary)).toBe(false)
  })

  test('percentages keep their decimals without float noise', () => {
    const odd = { ...summary, split: { validation: 0.125, test: 0.07, seed: 1 } }
    const form = formFromSummary(odd)
    expect([form.validationPercent, form.testPercent]).toEqual(['12.5', '7'])
    expect(readSettingsForm(form).settings.split).toEqual(odd.split)
  })

  test('says what is wrong with each field, and refuses holding out more than 90%', () => {
    const form = formFromSummary(summary)
    expect(readSettingsForm({ ...form, size: '3', seed: '1.5', validationPercent: '' }).errors).toEqual({
      size: 'Enter a whole number of pixels from 4 to 512.',
      validationPercent: 'Enter a percentage from 0 to 90.',
      seed: 'Enter a whole number from 0 to 4294967295.',
    })
    expect(readSettingsForm({ ...form, validationPercent: '50', testPercent: '45' }).errors).toEqual({
      testPercent: 'Validation and test together may hold out at most 90%, so training keeps data.',
    })
  })

  test('a change is a different value, not different typing ("10" and "10.0" are the same)', () => {
    const form = formFromSummary(summary)
    expect(isFormChanged({ ...form, validationPercent: '10.0' }, summary)).toBe(false)
    expect(isFormChanged({ ...form, size: '32' }, summary)).toBe(true)
    expect(isFormChanged({ ...form, resizeMode: 'letterbox' }, summary)).toBe(true)
  })

  test('says what applying costs: all images for new preprocessing, none for a new split', () => {
    const form = formFromSummary(summary)
    expect(applyCostText({ ...form, size: '32' }, summary)).toMatch(/decodes every image again/)
    expect(applyCostText({ ...form, seed: '8' }, summary)).toMatch(/no image is decoded again/)
    expect(applyCostText(form, summary)).toMatch(/only files that are new or changed/)
  })
})

test('the split origin decides which fields matter and what is said about it', () => {
  expect(splitFieldsInUse('sourceFiles')).toEqual({ validation: true, test: false })
  expect(splitFieldsInUse('folders')).toEqual({ validation: true, test: true })
  expect(splitOriginText('seeded')).toBeNull()
  expect(splitOriginText('folders')).toMatch(/train\/, val\/ or test\//)
  expect(splitOriginText('sourceFiles')).toMatch(/test file/)
})

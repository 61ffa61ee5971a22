// How images become network input (size, colour, resize) and how they are split, shown from the dataset's
// stored settings; "Apply" imports the same source again with the new ones. The form's rules live in
// importSettingsForm.ts; this component only renders them.

import { useEffect, useState } from 'react'
import type { FormEvent } from 'react'
import type { ColorMode, ResizeMode } from '../../../app/data/importSettings'
import { MAX_IMAGE_SIZE, MIN_IMAGE_SIZE } from '../../../app/data/importSettings'
import type { DatasetSummary } from '../../../app/protocol/studioApi'
import type { FieldInfo } from '../train/hyperparameterFields'
import { NumberField } from '../train/NumberField'
import {
  applyCostText,
  formFromSummary,
  isFormChanged,
  readSettingsForm,
  splitFieldsInUse,
  splitOriginText,
} from './importSettingsForm'
import type { SettingsField, SettingsForm } from './importSettingsForm'
import { ResizePictogram } from './ResizePictogram'
import type { DatasetLoader } from './useDatasetLoader'

type NumericField = Exclude<SettingsField, 'colorMode' | 'resizeMode'>

const FIELDS: Readonly<Record<NumericField, FieldInfo<NumericField>>> = {
  size: {
    key: 'size', label: 'Input size (px)', testId: 'setting-size', min: MIN_IMAGE_SIZE, max: MAX_IMAGE_SIZE,
    isInteger: true, step: '1',
    help: 'Every image is resized to this many pixels on each side before the network sees it.',
  },
  validationPercent: {
    key: 'validationPercent', label: 'Validation %', testId: 'setting-validation', min: 0, max: 90, isInteger: false,
    step: '1', help: 'Share of each class kept aside to check the model while it trains.',
  },
  testPercent: {
    key: 'testPercent', label: 'Test %', testId: 'setting-test', min: 0, max: 90, isInteger: false, step: '1',
    help: 'Share of each class kept aside until the end, for an honest final score.',
  },
  seed: {
    key: 'seed', label: 'Split seed', testId: 'setting-seed', min: 0, max: 2 ** 32 - 1, isInteger: true, step: '1',
    help: 'The same seed and files always give the same split; change it to draw another one.',
  },
}

const SOURCE_TEST_NOTE = 'The source’s own test file decides the test part.'
const COLOR_CHOICES: readonly { value: ColorMode; label: string }[] = [
  { value: 'grayscale', label: 'Grayscale' },
  { value: 'rgb', label: 'RGB colour' },
]
const RESIZE_CHOICES: readonly { value: ResizeMode; label: string; help: string }[] = [
  { value: 'squash', label: 'Squash', help: 'Stretch the whole image to a square; shapes may look thinner or wider.' },
  { value: 'centerCrop', label: 'Centre crop', help: 'Keep proportions and cut off the edges of the longer side.' },
  { value: 'letterbox', label: 'Letterbox', help: 'Keep the whole image and proportions; pad the rest with black.' },
]

type Props = Readonly<{ dataset: DatasetSummary; loader: DatasetLoader }>

export function SettingsPanel({ dataset, loader }: Props) {
  const [form, setForm] = useState<SettingsForm>(() => formFromSummary(dataset))
  useEffect(() => setForm(formFromSummary(dataset)), [dataset])
  const { settings, errors } = readSettingsForm(form)
  const isSample = dataset.kind === 'sample'
  const isBusy = loader.busyWith !== null
  const hasErrors = Object.keys(errors).length > 0
  const inUse = splitFieldsInUse(dataset.splitOrigin)
  const originText = splitOriginText(dataset.splitOrigin)
  const set = (change: Partial<SettingsForm>) => setForm((previous) => ({ ...previous, ...change }))

  function onSubmit(event: FormEvent): void {
    event.preventDefault()
    if (!hasErrors && !isSample) {
      loader.reimport(settings)
    }
  }

  const numberField = (key: NumericField, isDisabled = false, note?: string) => (
    <NumberField field={FIELDS[key]} text={form[key]} error={errors[key]} isDisabled={isSample || isDisabled}
      note={note} onChange={(text) => set({ [key]: text })} />
  )
  const resizeHelp = RESIZE_CHOICES.find((choice) => choice.value === form.resizeMode)?.help
  return (
    <form className="card import-settings" aria-label="Preprocessing and split settings" onSubmit={onSubmit}
      data-testid="import-settings">
      <h2 className="card-title">What the network gets</h2>
      <div className="settings-columns">
        <div className="settings-column">
          <h3 className="settings-subtitle">Input</h3>
          <fieldset className="settings-row" disabled={isSample}>
            {numberField('size')}
            <div className="field" role="radiogroup" aria-label="Colour mode">
              <span className="field-label">Colour</span>
              <div className="segmented">
                {COLOR_CHOICES.map((choice) => (
                  <label key={choice.value} className="segment" data-testid={`setting-color-${choice.value}`}>
                    <input type="radio" name="colorMode" value={choice.value} checked={form.colorMode === choice.value}
                      onChange={() => set({ colorMode: choice.value })} />
                    <span>{choice.label}</span>
                  </label>
                ))}
              </div>
            </div>
          </fieldset>
          <fieldset className="resize-choices" disabled={isSample} aria-describedby="resize-help">
            <legend className="field-label">Resize to a square</legend>
            {RESIZE_CHOICES.map((choice) => (
              <label key={choice.value} className="resize-choice" title={choice.help}
                data-testid={`setting-resize-${choice.value}`}>
                <input type="radio" name="resizeMode" value={choice.value} checked={form.resizeMode === choice.value}
                  onChange={() => set({ resizeMode: choice.value })} />
                <ResizePictogram mode={choice.value} />
                <span>{choice.label}</span>
              </label>
            ))}
          </fieldset>
          <p id="resize-help" className="muted small settings-help">{resizeHelp}</p>
        </div>
        <div className="settings-column">
          <h3 className="settings-subtitle">Split</h3>
          <fieldset className="settings-row" disabled={isSample}>
            {numberField('validationPercent', !inUse.validation)}
            {numberField('testPercent', !inUse.test, inUse.test ? undefined : SOURCE_TEST_NOTE)}
            {numberField('seed')}
          </fieldset>
          {originText !== null && <p className="note small" data-testid="split-origin">{originText}</p>}
        </div>
      </div>
      <div className="settings-actions">
        <button type="submit" className="button button-primary" data-testid="apply-settings"
          disabled={isSample || isBusy || hasErrors || !isFormChanged(form, dataset)}>
          Apply and re-import
        </button>
        <button type="button" className="button" disabled={isSample || isBusy}
          onClick={() => setForm(formFromSummary(dataset))}>
          Reset
        </button>
        <span className="muted small">
          {isSample
            ? 'The built-in sample has fixed settings; open a folder to choose your own.'
            : applyCostText(form, dataset)}
        </span>
      </div>
    </form>
  )
}

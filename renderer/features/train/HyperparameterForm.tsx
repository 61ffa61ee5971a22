// The training settings. Each field keeps the text as typed (so "0." can become "0.05"), shows what is
// wrong under it, and explains itself in one line on hover.

import type { FieldErrors, FieldTexts, HyperparameterKey } from './hyperparameterFields'
import { HYPERPARAMETER_FIELDS } from './hyperparameterFields'

type Props = Readonly<{
  texts: FieldTexts
  errors: FieldErrors
  isDisabled: boolean
  onChange(key: HyperparameterKey, text: string): void
}>

export function HyperparameterForm({ texts, errors, isDisabled, onChange }: Props) {
  return (
    <fieldset className="settings" disabled={isDisabled}>
      <legend className="visually-hidden">Training settings</legend>
      {HYPERPARAMETER_FIELDS.map((field) => {
        const id = `setting-${field.key}`
        const error = errors[field.key]
        return (
          <div key={field.key} className="field" title={field.help}>
            <label htmlFor={id} className="field-label">
              {field.label}{' '}
              <span className="help-mark" aria-hidden="true">
                ?
              </span>
            </label>
            <input
              id={id}
              className={error === undefined ? 'input' : 'input input-invalid'}
              data-testid={field.testId}
              type="number"
              inputMode="decimal"
              min={field.min}
              max={field.max}
              step={field.step}
              value={texts[field.key]}
              title={field.help}
              aria-invalid={error !== undefined}
              aria-describedby={`${id}-help`}
              onChange={(event) => onChange(field.key, event.target.value)}
            />
            <span id={`${id}-help`} className="visually-hidden">
              {field.help}
            </span>
            {error !== undefined && (
              <span className="field-error" role="alert">
                {error}
              </span>
            )}
          </div>
        )
      })}
    </fieldset>
  )
}

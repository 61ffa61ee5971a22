// One numeric setting: label with a help mark, the text as typed (so "0." can become "0.05"), what is wrong
// under it, and its one-line explanation on hover and for screen readers.

import type { FieldInfo } from './hyperparameterFields'

type Props = Readonly<{
  field: FieldInfo<string>
  text: string
  error: string | undefined
  isDisabled?: boolean
  /** Replaces the tooltip, e.g. to say why the field is disabled. */
  note?: string
  onChange(text: string): void
}>

export function NumberField({ field, text, error, isDisabled = false, note, onChange }: Props) {
  const id = `setting-${field.key}`
  const help = note ?? field.help
  return (
    <div className="field" title={help}>
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
        value={text}
        title={help}
        disabled={isDisabled}
        aria-invalid={error !== undefined}
        aria-describedby={`${id}-help`}
        onChange={(event) => onChange(event.target.value)}
      />
      <span id={`${id}-help`} className="visually-hidden">
        {help}
      </span>
      {error !== undefined && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  )
}

// One setting chosen from a short list: a labelled select whose tooltip explains the current choice in one line.

import type { ChoiceInfo } from './trainingOptionFields'

type Props<V extends string> = Readonly<{
  id: string
  label: string
  testId: string
  choices: readonly ChoiceInfo<V>[]
  value: V
  onChange(value: V): void
}>

export function ChoiceField<V extends string>({ id, label, testId, choices, value, onChange }: Props<V>) {
  const help = choices.find((choice) => choice.value === value)?.help ?? ''
  return (
    <div className="field" title={help}>
      <label htmlFor={id} className="field-label">
        {label}{' '}
        <span className="help-mark" aria-hidden="true">
          ?
        </span>
      </label>
      <select
        id={id}
        className="input select"
        data-testid={testId}
        value={value}
        title={help}
        aria-describedby={`${id}-help`}
        onChange={(event) => {
          const chosen = choices.find((choice) => choice.value === event.target.value)
          if (chosen !== undefined) {
            onChange(chosen.value)
          }
        }}
      >
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value} title={choice.help}>
            {choice.label}
          </option>
        ))}
      </select>
      <span id={`${id}-help`} className="visually-hidden">
        {help}
      </span>
    </div>
  )
}

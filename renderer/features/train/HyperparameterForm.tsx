// The basic training settings, always in view: epochs, batch size, learning rate, momentum and seed. The
// Momentum field is disabled, and says why, when the chosen optimiser does not use it.

import type { FieldTexts, HyperparameterKey } from './hyperparameterFields'
import { HYPERPARAMETER_FIELDS } from './hyperparameterFields'
import { NumberField } from './NumberField'
import type { SettingsErrors } from './trainingSettings'

type Props = Readonly<{
  texts: FieldTexts
  errors: SettingsErrors
  isDisabled: boolean
  isMomentumUsed: boolean
  onChange(key: HyperparameterKey, text: string): void
}>

const MOMENTUM_UNUSED = 'Not used by the optimiser chosen under More settings (plain SGD, Adam or AdamW).'

export function HyperparameterForm({ texts, errors, isDisabled, isMomentumUsed, onChange }: Props) {
  return (
    <fieldset className="settings" disabled={isDisabled}>
      <legend className="visually-hidden">Training settings</legend>
      {HYPERPARAMETER_FIELDS.map((field) => {
        const isUnused = field.key === 'momentum' && !isMomentumUsed
        return (
          <NumberField
            key={field.key}
            field={field}
            text={texts[field.key]}
            error={errors[field.key]}
            isDisabled={isUnused}
            note={isUnused ? MOMENTUM_UNUSED : undefined}
            onChange={(text) => onChange(field.key, text)}
          />
        )
      })}
    </fieldset>
  )
}

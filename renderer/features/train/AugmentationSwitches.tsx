// The augmentation switches: flip, shift, rotation and brightness/contrast, each explained on hover; a switch that
// takes an amount shows its field once it is on.

import { NumberField } from './NumberField'
import { AUGMENTATION_SWITCHES, OPTION_FIELDS } from './trainingOptionFields'
import type { OptionTexts } from './trainingOptionFields'
import type { SettingsErrors } from './trainingSettings'

type Props = Readonly<{
  texts: OptionTexts
  errors: SettingsErrors
  onChange(update: Partial<OptionTexts>): void
}>

export function AugmentationSwitches({ texts, errors, onChange }: Props) {
  return (
    <div className="augment-list">
      {AUGMENTATION_SWITCHES.map(({ key, label, testId, help, amount }) => (
        <div key={key} className="augment-item">
          <label className="switch" title={help}>
            <input
              type="checkbox"
              data-testid={testId}
              checked={texts[key]}
              onChange={(event) => onChange({ [key]: event.target.checked })}
            />
            <span>{label}</span>
            <span className="help-mark" aria-hidden="true">
              ?
            </span>
          </label>
          {amount !== null && texts[key] && (
            <NumberField
              field={OPTION_FIELDS[amount]}
              text={texts[amount]}
              error={errors[amount]}
              onChange={(text) => onChange({ [amount]: text })}
            />
          )}
        </div>
      ))}
    </div>
  )
}

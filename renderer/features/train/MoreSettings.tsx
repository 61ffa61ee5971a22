// "More settings" on the Train screen: optimiser, weight decay and clipping; the learning-rate schedule with a
// preview of the rate over the planned epochs; loss and early stopping; augmentation; threads. Closed by default
// with a one-line account of what is chosen, so the screen stays calm and nothing hides.

import { useEffect, useRef } from 'react'
import type { ReactNode } from 'react'
import { AugmentationSwitches } from './AugmentationSwitches'
import { ChoiceField } from './ChoiceField'
import { NumberField } from './NumberField'
import { SchedulePreview } from './SchedulePreview'
import type { SchedulePlan } from './schedulePreview'
import { LOSS_CHOICES, OPTIMIZER_CHOICES, OPTION_FIELDS, SCHEDULE_CHOICES } from './trainingOptionFields'
import type { ChoiceInfo, OptionKey, OptionTexts } from './trainingOptionFields'
import { describeOptions } from './trainingSettings'
import type { SettingsErrors } from './trainingSettings'

type ChoiceKey = 'optimizer' | 'schedule' | 'loss'

type Props = Readonly<{
  texts: OptionTexts
  errors: SettingsErrors
  isDisabled: boolean
  /** What the preview draws; null while the basic settings it needs are invalid. */
  plan: SchedulePlan | null
  /** Under the preview: where its steps per epoch come from. */
  planNote: string
  /** Threads the trainer reported for its pool or the current run; null before it has said. */
  reportedThreads: number | null
  onChange(update: Partial<OptionTexts>): void
}>

type GroupProps = Readonly<{ title: string; className?: string; children: ReactNode }>

function Group({ title, className, children }: GroupProps) {
  return (
    <div className={`settings-group ${className ?? ''}`} role="group" aria-label={title}>
      <h3 className="settings-group-title">{title}</h3>
      <div className="settings-group-fields">{children}</div>
    </div>
  )
}

export function MoreSettings(props: Props) {
  const { texts, errors, isDisabled, plan, planNote, reportedThreads, onChange } = props
  const detailsRef = useRef<HTMLDetailsElement>(null)
  const problemCount = Object.keys(errors).filter((key) => key in OPTION_FIELDS).length
  // A setting in here that became wrong (fewer epochs than the warm-up, say) must not hide behind the fold.
  useEffect(() => {
    if (problemCount > 0 && detailsRef.current !== null) {
      detailsRef.current.open = true
    }
  }, [problemCount])
  const number = (key: OptionKey) => (
    <NumberField
      field={OPTION_FIELDS[key]}
      text={texts[key]}
      error={errors[key]}
      onChange={(text) => onChange({ [key]: text })}
    />
  )
  const choice = <K extends ChoiceKey>(
    key: K,
    label: string,
    testId: string,
    choices: readonly ChoiceInfo<OptionTexts[K]>[],
  ) => (
    <ChoiceField
      id={`setting-${key}`}
      label={label}
      testId={testId}
      choices={choices}
      value={texts[key]}
      onChange={(value) => onChange({ [key]: value })}
    />
  )
  return (
    <details ref={detailsRef} className="more-settings" data-testid="more-settings">
      <summary data-testid="more-settings-toggle">
        <span className="more-settings-title">More settings</span>
        <span className="muted small more-settings-summary">
          {describeOptions(texts)}
          {problemCount > 0 && (
            <span className="field-error" data-testid="more-settings-problems">
              {' '}
              · {problemCount} to fix
            </span>
          )}
        </span>
      </summary>
      <fieldset className="more-settings-body" disabled={isDisabled}>
        <legend className="visually-hidden">More training settings</legend>
        <Group title="Optimiser">
          {choice('optimizer', 'Optimiser', 'optimizer-select', OPTIMIZER_CHOICES)}
          {number('weightDecay')}
          {number('gradientClipNorm')}
        </Group>
        <Group title="Learning-rate schedule" className="settings-group-wide">
          {choice('schedule', 'Schedule', 'schedule-select', SCHEDULE_CHOICES)}
          {number('warmupEpochs')}
          {texts.schedule === 'step' && number('stepEveryEpochs')}
          {texts.schedule === 'step' && number('stepGamma')}
          {texts.schedule === 'cosine' && number('minLearningRate')}
          <div className="schedule-preview-box">
            <SchedulePreview plan={plan} />
            <p className="muted small" data-testid="schedule-note">
              {planNote}
            </p>
          </div>
        </Group>
        <Group title="Loss and stopping">
          {choice('loss', 'Loss', 'loss-select', LOSS_CHOICES)}
          {number('earlyStoppingPatience')}
        </Group>
        <Group title="Augmentation (training images only)">
          <AugmentationSwitches texts={texts} errors={errors} onChange={onChange} />
        </Group>
        <Group title="Threads">
          {number('threads')}
          <p className="muted small threads-note" data-testid="threads-reported">
            {reportedThreads === null
              ? '0 uses every core the trainer has.'
              : `The trainer reports ${reportedThreads} training thread${reportedThreads === 1 ? '' : 's'}.`}
          </p>
        </Group>
      </fieldset>
    </details>
  )
}

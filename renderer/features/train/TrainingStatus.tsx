// Where the run is: epoch and step, speed, time left, learning rate and threads, a progress bar over the whole
// run, and a note when early stopping ended it.

import {
  formatCount,
  formatDuration,
  formatLearningRate,
  formatLoss,
  formatPercent,
} from '../../shared/format'
import { Stat } from '../../shared/Stat'
import { earlyStopNote } from './trainingProgress'
import type { Progress } from './trainingProgress'
import type { TrainingView } from './trainingView'

/** "run-… · 2,400 training images, 61,666 parameters · continued from …", with whatever is known so far. */
function describeRun(view: TrainingView): string {
  const parts = [view.runId ?? 'No run yet']
  if (view.facts !== null) {
    parts.push(
      `${formatCount(view.facts.trainCount)} training images, ` +
        `${formatCount(view.facts.parameterCount)} parameters`,
    )
  }
  const resumedFrom = view.facts?.resumedFrom ?? null
  if (resumedFrom !== null) {
    const { epoch, stepInEpoch } = resumedFrom
    const steps = stepInEpoch > 0 ? ` and ${formatCount(stepInEpoch)} steps` : ''
    parts.push(`continued after ${epoch} epoch${epoch === 1 ? '' : 's'}${steps}`)
  }
  return parts.join(' · ')
}

export function TrainingStatus({ view, progress }: Readonly<{ view: TrainingView; progress: Progress }>) {
  const hasStarted = view.stepsDone > 0
  const epochText = !hasStarted
    ? '–'
    : view.plannedEpochs === null
      ? `${view.epoch}`
      : `${view.epoch} of ${view.plannedEpochs}`
  const stepText =
    !hasStarted || view.stepsPerEpoch === null
      ? '–'
      : `${formatCount(view.step)} of ${formatCount(view.stepsPerEpoch)}`
  const percent = progress.fraction === null ? 0 : Math.round(progress.fraction * 100)
  const lastEpoch = view.epochs.at(-1)
  const note = earlyStopNote(view)
  return (
    <div className="training-status" data-testid="training-progress">
      <div className="stats">
        <Stat label="Epoch" value={epochText} testId="progress-epoch" />
        <Stat label="Step" value={stepText} testId="progress-step" />
        <Stat
          label="Time left"
          value={progress.etaSeconds === null ? '–' : formatDuration(progress.etaSeconds)}
          testId="progress-eta"
        />
        <Stat label="Batch loss" value={view.latestLoss === null ? '–' : formatLoss(view.latestLoss)} />
        <Stat
          label="Val. accuracy"
          value={lastEpoch === undefined ? '–' : formatPercent(lastEpoch.validationAccuracy)}
        />
        <Stat
          label="Images / s"
          value={progress.imagesPerSecond === null ? '–' : formatCount(progress.imagesPerSecond)}
        />
        <Stat
          label="Learning rate"
          value={view.latestLearningRate === null ? '–' : formatLearningRate(view.latestLearningRate)}
          testId="progress-learning-rate"
        />
        <Stat
          label="Threads"
          value={view.threads === null ? '–' : String(view.threads)}
          testId="progress-threads"
        />
      </div>
      <div
        className="progress-bar"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <div style={{ width: `${percent}%` }} />
      </div>
      {note !== null && (
        <p className="note" data-testid="early-stop-note">
          {note}: the validation loss had stopped improving.
        </p>
      )}
      <p className="muted small">{describeRun(view)}</p>
    </div>
  )
}

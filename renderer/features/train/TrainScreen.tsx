// The Train screen: settings and controls, where the run is, live loss and accuracy, per-epoch results and
// the final test accuracy. The trainer runs in its own process; this screen only sends commands and shows
// events (see useTrainingSession).

import { useEffect, useMemo, useState } from 'react'
import { specFitProblem } from '../../../app/model/specFit'
import type { DatasetSummary } from '../../../app/protocol/studioApi'
import { DEFAULT_HYPERPARAMETERS } from '../../../app/protocol/trainerProtocol'
import { useStudio } from '../../shell/StudioContext'
import { formatCount } from '../../shared/format'
import { useColorScheme } from '../../shared/useColorScheme'
import type { ModelChoice } from '../model/modelChoice'
import { EpochTable } from './EpochTable'
import { HyperparameterForm } from './HyperparameterForm'
import { textsFrom } from './hyperparameterFields'
import { LiveChart } from './LiveChart'
import { MoreSettings } from './MoreSettings'
import { RunSummaryCard } from './RunSummaryCard'
import { TrainerControls } from './TrainerControls'
import { availableControls, startBlocker, trainingProgress } from './trainingProgress'
import { DEFAULT_OPTION_TEXTS, usesMomentum } from './trainingOptionFields'
import { parseSettings, schedulePlanOf } from './trainingSettings'
import type { SettingsTexts } from './trainingSettings'
import type { SchedulePlan } from './schedulePreview'
import { TrainingStatus } from './TrainingStatus'
import { useTrainingSession } from './useTrainingSession'
import './train.css'

type Props = Readonly<{ dataset: DatasetSummary | null; model: ModelChoice }>

/** Under the preview: where its steps per epoch come from, or why there is no curve. */
function planNote(plan: SchedulePlan | null, trainCount: number | null, batchSize: string): string {
  if (plan === null) {
    return 'Fix the epochs, batch size, learning rate or schedule fields marked in red to see the curve.'
  }
  const steps = `${formatCount(plan.stepsPerEpoch)} steps per epoch`
  return trainCount === null
    ? `Drawn for ${steps}; choose data to see its own.`
    : `${steps}: ${formatCount(trainCount)} training images in batches of ${batchSize}.`
}

export function TrainScreen({ dataset, model }: Props) {
  const { client, reportError } = useStudio()
  const session = useTrainingSession(client, reportError)
  const { view, charts } = session
  const [texts, setTexts] = useState<SettingsTexts>(() => ({
    basic: textsFrom(DEFAULT_HYPERPARAMETERS),
    more: DEFAULT_OPTION_TEXTS,
  }))
  const scheme = useColorScheme()
  useEffect(() => charts.restyle(), [charts, scheme])

  const parsed = useMemo(() => parseSettings(texts), [texts])
  const trainCount = dataset?.splits.train ?? null
  const plan = useMemo(() => schedulePlanOf(texts, trainCount), [texts, trainCount])
  const blocker = startBlocker({
    hasDataset: dataset !== null,
    isModelValid: model.summary.isValid,
    modelProblem:
      dataset === null ? null : specFitProblem(model.spec, dataset.imageShape, dataset.classNames.length),
    hasValidSettings: parsed.hyperparameters !== null,
  })
  const controls = availableControls(view, blocker === null)
  const isBusy = view.trainerState === 'running' || view.trainerState === 'paused'

  function onStart(): void {
    if (dataset !== null && parsed.hyperparameters !== null) {
      session.start(model.spec, dataset.dataRef, parsed.hyperparameters)
    }
  }

  return (
    <div className="screen-body">
      <div className="train-top">
        <section className="card">
          <h2 className="card-title">
            Settings{' '}
            <span className="muted small">
              · {model.spec.name}
              {dataset === null ? ', no data chosen yet' : ` on ${dataset.name}`}
            </span>
          </h2>
          <HyperparameterForm
            texts={texts.basic}
            errors={parsed.errors}
            isDisabled={isBusy}
            isMomentumUsed={usesMomentum(texts.more.optimizer)}
            onChange={(key, text) =>
              setTexts((current) => ({ ...current, basic: { ...current.basic, [key]: text } }))
            }
          />
          <MoreSettings
            texts={texts.more}
            errors={parsed.errors}
            isDisabled={isBusy}
            plan={plan}
            planNote={planNote(plan, trainCount, texts.basic.batchSize)}
            reportedThreads={view.threads}
            onChange={(update) =>
              setTexts((current) => ({ ...current, more: { ...current.more, ...update } }))
            }
          />
          <TrainerControls
            controls={controls}
            trainerState={view.trainerState}
            pending={view.pending}
            startBlocker={blocker}
            onStart={onStart}
            onCommand={session.send}
          />
        </section>
        <section className="card">
          <h2 className="card-title">Progress</h2>
          <TrainingStatus view={view} progress={trainingProgress(view)} />
        </section>
      </div>
      <div className="chart-row">
        <LiveChart charts={charts} kind="loss" title="Loss" />
        <LiveChart charts={charts} kind="accuracy" title="Accuracy per epoch" />
      </div>
      {view.summary !== null && <RunSummaryCard summary={view.summary} />}
      <EpochTable rows={view.epochs} />
    </div>
  )
}

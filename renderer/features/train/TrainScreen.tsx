// The Train screen: settings and controls, where the run is, live loss and accuracy, per-epoch results and
// the final test accuracy. The trainer runs in its own process; this screen only sends commands and shows
// events (see useTrainingSession).

import { useEffect, useState } from 'react'
import { specFitProblem } from '../../../app/model/specFit'
import type { DatasetSummary } from '../../../app/protocol/studioApi'
import { DEFAULT_HYPERPARAMETERS } from '../../../app/protocol/trainerProtocol'
import { useStudio } from '../../shell/StudioContext'
import { useColorScheme } from '../../shared/useColorScheme'
import type { ModelChoice } from '../model/modelChoice'
import { EpochTable } from './EpochTable'
import { HyperparameterForm } from './HyperparameterForm'
import { parseHyperparameters, textsFrom } from './hyperparameterFields'
import type { FieldTexts } from './hyperparameterFields'
import { LiveChart } from './LiveChart'
import { RunSummaryCard } from './RunSummaryCard'
import { TrainerControls } from './TrainerControls'
import { availableControls, startBlocker, trainingProgress } from './trainingProgress'
import { TrainingStatus } from './TrainingStatus'
import { useTrainingSession } from './useTrainingSession'
import './train.css'

type Props = Readonly<{ dataset: DatasetSummary | null; model: ModelChoice }>

export function TrainScreen({ dataset, model }: Props) {
  const { client, reportError } = useStudio()
  const session = useTrainingSession(client, reportError)
  const { view, charts } = session
  const [texts, setTexts] = useState<FieldTexts>(() => textsFrom(DEFAULT_HYPERPARAMETERS))
  const scheme = useColorScheme()
  useEffect(() => charts.restyle(), [charts, scheme])

  const parsed = parseHyperparameters(texts)
  const blocker = startBlocker({
    hasDataset: dataset !== null,
    isModelValid: model.summary.isValid,
    modelProblem:
      dataset === null ? null : specFitProblem(model.spec, dataset.imageShape, dataset.classNames.length),
    hasValidSettings: parsed.values !== null,
  })
  const controls = availableControls(view, blocker === null)
  const isBusy = view.trainerState === 'running' || view.trainerState === 'paused'

  function onStart(): void {
    if (dataset !== null && parsed.values !== null) {
      session.start(model.spec, dataset.dataRef, parsed.values)
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
            texts={texts}
            errors={parsed.errors}
            isDisabled={isBusy}
            onChange={(key, text) => setTexts((current) => ({ ...current, [key]: text }))}
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

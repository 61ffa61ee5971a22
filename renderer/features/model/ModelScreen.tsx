// The Model screen: pick a preset, see every layer's output shape and parameter count, and a to-scale
// diagram. The layer-by-layer editor arrives with a later issue and will replace the preset-only choice.

import { PRESETS, isPresetName } from '../../../app/model/presets'
import type { PresetName } from '../../../app/model/presets'
import { formatShape } from '../../../app/model/shapeInference'
import { LayerDiagram } from './LayerDiagram'
import { LayerList } from './LayerList'
import { DEFAULT_CLASS_COUNT, DEFAULT_INPUT } from './modelChoice'
import type { ModelChoice } from './modelChoice'
import './model.css'

type Props = Readonly<{ model: ModelChoice; onPresetChange(name: PresetName): void }>

export function ModelScreen({ model, onPresetChange }: Props) {
  const preset = PRESETS.find((candidate) => candidate.name === model.presetName)
  const { summary } = model
  return (
    <div className="screen-body">
      <section className="card model-head">
        <div className="field">
          <label htmlFor="preset-select" className="field-label">
            Network
          </label>
          <select
            id="preset-select"
            className="input select"
            data-testid="preset-select"
            value={model.presetName}
            onChange={(event) => isPresetName(event.target.value) && onPresetChange(event.target.value)}
          >
            {PRESETS.map((option) => (
              <option key={option.name} value={option.name}>
                {option.title}
              </option>
            ))}
          </select>
        </div>
        <p className="model-description">{preset?.description}</p>
        {model.isStandIn ? (
          <p className="note" data-testid="model-input-note">
            No dataset chosen yet, so the network is shown for {formatShape(DEFAULT_INPUT)} images and{' '}
            {DEFAULT_CLASS_COUNT} classes. Choose data to fit it to your images.
          </p>
        ) : (
          <p className="muted small" data-testid="model-input-note">
            Built for {formatShape(model.spec.input)} images and {model.classCount} classes.
          </p>
        )}
        {!summary.isValid && (
          <p className="note note-danger" data-testid="model-errors">
            This network cannot run: {summary.errors.join(' ')}
          </p>
        )}
      </section>
      <section className="card">
        <h2 className="card-title">Shape through the network</h2>
        <LayerDiagram input={summary.inputShape} layers={summary.layers} />
      </section>
      <section className="card card-flush">
        <LayerList summary={summary} />
      </section>
    </div>
  )
}

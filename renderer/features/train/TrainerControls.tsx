// Start, pause, resume and stop, each enabled only when it makes sense, the trainer's state as a pill, and
// one sentence saying why Start is unavailable when it is.

import type { TrainerCommand, TrainerState } from '../../../app/protocol/trainerProtocol'
import type { Controls } from './trainingProgress'

type Props = Readonly<{
  controls: Controls
  trainerState: TrainerState
  pending: TrainerCommand['type'] | null
  startBlocker: string | null
  onStart(): void
  onCommand(type: 'pause' | 'resume' | 'stop'): void
}>

/** What the trainer is doing about a command it has not answered yet. */
const PENDING_TEXT: Readonly<Partial<Record<TrainerCommand['type'], string>>> = {
  start: 'starting: loading the images and building the network…',
  pause: 'pausing after the current step…',
  resume: 'resuming…',
  stop: 'stopping: finishing the current step, then measuring validation and test accuracy…',
}

const COMMAND_BUTTONS = [
  { type: 'pause', label: 'Pause', className: 'button' },
  { type: 'resume', label: 'Resume', className: 'button' },
  { type: 'stop', label: 'Stop', className: 'button button-danger' },
] as const

export function TrainerControls({
  controls,
  trainerState,
  pending,
  startBlocker,
  onStart,
  onCommand,
}: Props) {
  const isIdle = trainerState !== 'running' && trainerState !== 'paused'
  return (
    <div className="controls">
      <div className="button-row">
        <button
          type="button"
          className="button button-primary"
          data-testid="start-button"
          disabled={!controls.start}
          onClick={onStart}
        >
          Start training
        </button>
        {COMMAND_BUTTONS.map(({ type, label, className }) => (
          <button
            key={type}
            type="button"
            className={className}
            data-testid={`${type}-button`}
            disabled={!controls[type]}
            onClick={() => onCommand(type)}
          >
            {label}
          </button>
        ))}
      </div>
      <div className="controls-status">
        <span className={`pill pill-${trainerState}`} data-testid="trainer-state" data-state={trainerState}>
          {trainerState}
        </span>
        {pending !== null && (
          <span className="muted small" data-testid="pending-command">
            {PENDING_TEXT[pending] ?? `sending ${pending}…`}
          </span>
        )}
        {isIdle && startBlocker !== null && (
          <span className="muted small" data-testid="start-hint">
            {startBlocker}
          </span>
        )}
      </div>
    </div>
  )
}

// The terminal view of a training run: one redrawn line on a TTY, plain epoch lines otherwise (logs, CI).

import type { TrainerEvent } from '../../app/protocol/trainerProtocol'

type StepEvent = Extract<TrainerEvent, { type: 'step' }>
type EpochEvent = Extract<TrainerEvent, { type: 'epoch' }>

const BAR_WIDTH = 24

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) {
    return '--:--'
  }
  const whole = Math.round(seconds)
  const minutes = Math.floor(whole / 60)
  return `${minutes}:${String(whole % 60).padStart(2, '0')}`
}

export function renderStepLine(event: StepEvent, epochs: number, imagesPerSecond: number, etaSeconds: number): string {
  const filled = Math.round((event.step / event.stepsPerEpoch) * BAR_WIDTH)
  const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`
  return (
    `epoch ${event.epoch}/${epochs} ${bar} ${event.step}/${event.stepsPerEpoch}  loss ${event.loss.toFixed(4)}  ` +
    `${Math.round(imagesPerSecond)} img/s  ETA ${formatDuration(etaSeconds)}`
  )
}

export function renderEpochLine(event: EpochEvent, epochs: number): string {
  return (
    `epoch ${event.epoch}/${epochs}  train loss ${event.trainLoss.toFixed(4)} acc ${(event.trainAccuracy * 100).toFixed(1)}%  ` +
    `val loss ${event.validationLoss.toFixed(4)} acc ${(event.validationAccuracy * 100).toFixed(1)}%  ` +
    `${Math.round(event.imagesPerSecond)} img/s`
  )
}

/** Tracks speed over the run and redraws the bar at most every 100 ms. */
export class ProgressBar {
  private lastDraw = 0
  private startedAt = 0
  private stepsDone = 0

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly epochs: number,
    private readonly batchSize: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  step(event: StepEvent): void {
    if (this.startedAt === 0) {
      this.startedAt = this.now()
    }
    this.stepsDone++
    const time = this.now()
    if (!this.stream.isTTY || time - this.lastDraw < 100) {
      return
    }
    this.lastDraw = time
    const seconds = (time - this.startedAt) / 1000
    const stepsPerSecond = seconds > 0 ? this.stepsDone / seconds : 0
    const stepsLeft = (this.epochs - event.epoch) * event.stepsPerEpoch + (event.stepsPerEpoch - event.step)
    const line = renderStepLine(event, this.epochs, stepsPerSecond * this.batchSize, stepsLeft / stepsPerSecond)
    // `||`, not `??`: a pseudo-terminal may report 0 columns.
    this.stream.write(`\r${line.slice(0, (this.stream.columns || 120) - 1)}\u001b[K`)
  }

  epoch(event: EpochEvent): void {
    this.stream.write(`${this.stream.isTTY ? '\r\u001b[K' : ''}${renderEpochLine(event, this.epochs)}\n`)
  }

  clear(): void {
    if (this.stream.isTTY) {
      this.stream.write('\r\u001b[K')
    }
  }
}

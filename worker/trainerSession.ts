// The trainer's state machine: idle → running ⇄ paused → stopped | finished | failed, and back to running on a
// new 'start'. It owns one run at a time and talks only through the injected `send`, so it is tested with a fake
// transport. It is not the process entry (trainerProcess.ts) and does no file I/O itself (the data loader does).

import { computeNormalization } from '../app/data/imageDataset'
import type { ImageDataset } from '../app/data/imageDataset'
import { fillInputBatch, fillLabelBatch } from '../app/data/batch'
import { buildNetwork } from '../app/engine/network'
import { Random } from '../app/engine/random'
import { SgdMomentum } from '../app/engine/sgd'
import { trainBatch } from '../app/engine/training'
import { specFitProblem } from '../app/model/specFit'
import { serializeError } from '../app/protocol/errors'
import type {
  DataSourceRef,
  SplitMetrics,
  TrainerCommand,
  TrainerEvent,
  TrainerState,
} from '../app/protocol/trainerProtocol'
import { TRAINER_PROTOCOL_VERSION } from '../app/protocol/trainerProtocol'
import { validateTrainerCommand } from '../app/protocol/validateTrainer'
import { evaluateSplit } from './evaluate'

type StartCommand = Extract<TrainerCommand, { type: 'start' }>

export type TrainerSessionOptions = Readonly<{
  send: (event: TrainerEvent) => void
  loadDataset: (source: DataSourceRef) => Promise<ImageDataset>
  /** Lets queued messages (pause, stop) in between steps; setImmediate in the trainer process. */
  yieldToEventLoop: () => Promise<void>
  now?: () => number
}>

export class TrainerSession {
  private state: TrainerState = 'idle'
  private runId: string | null = null
  private isStopRequested = false
  private resumeWaiter: (() => void) | null = null
  private readonly now: () => number

  constructor(private readonly options: TrainerSessionOptions) {
    this.now = options.now ?? (() => performance.now())
  }

  /** The handshake every client sees first. */
  ready(): TrainerEvent {
    return { type: 'ready', protocolVersion: TRAINER_PROTOCOL_VERSION, threads: 1 }
  }

  getState(): TrainerState {
    return this.state
  }

  /** Takes one message from any client; anything malformed is answered with an 'error' event. */
  handle(message: unknown): void {
    let command: TrainerCommand
    try {
      command = validateTrainerCommand(message)
    } catch (error) {
      this.options.send({ type: 'error', error: serializeError(error), command: null })
      return
    }
    try {
      this.dispatch(command)
    } catch (error) {
      this.options.send({ type: 'error', error: serializeError(error), command: command.type })
    }
  }

  private dispatch(command: TrainerCommand): void {
    switch (command.type) {
      case 'start':
        if (this.state === 'running' || this.state === 'paused') {
          throw new Error(`cannot start run '${command.runId}': run '${this.runId}' is ${this.state}; stop it first`)
        }
        void this.run(command)
        return
      case 'pause':
        this.expectState(['running'], 'pause')
        this.setState('paused')
        return
      case 'resume':
        this.expectState(['paused'], 'resume')
        this.setState('running')
        this.wake()
        return
      case 'stop':
        this.expectState(['running', 'paused'], 'stop')
        this.isStopRequested = true
        this.wake()
        return
      case 'status':
        this.options.send({ type: 'state', state: this.state, runId: this.runId })
        return
    }
  }

  private expectState(allowed: readonly TrainerState[], action: string): void {
    if (!allowed.includes(this.state)) {
      throw new Error(`cannot ${action}: the trainer is ${this.state} (${action} works when ${allowed.join(' or ')})`)
    }
  }

  private setState(state: TrainerState): void {
    this.state = state
    this.options.send({ type: 'state', state, runId: this.runId })
  }

  private wake(): void {
    const waiter = this.resumeWaiter
    this.resumeWaiter = null
    waiter?.()
  }

  private async waitWhilePaused(): Promise<void> {
    while (this.state === 'paused' && !this.isStopRequested) {
      await new Promise<void>((resolve) => {
        this.resumeWaiter = resolve
      })
    }
  }

  private async run(command: StartCommand): Promise<void> {
    this.runId = command.runId
    this.isStopRequested = false
    this.setState('running')
    try {
      await this.train(command)
    } catch (error) {
      this.options.send({ type: 'error', error: serializeError(error), command: 'start' })
      this.setState('failed')
    }
  }

  private async train(command: StartCommand): Promise<void> {
    const { runId, spec, hyperparameters } = command
    const { epochs, batchSize, learningRate, momentum, seed } = hyperparameters
    const startedAt = this.now()
    const dataset = await this.options.loadDataset(command.data)
    const problem = specFitProblem(spec, dataset.imageShape, dataset.classNames.length)
    if (problem) {
      throw new Error(`${problem} (dataset '${dataset.name}')`)
    }

    const random = new Random(seed)
    const network = buildNetwork(spec, random)
    const optimizer = new SgdMomentum(network.params(), { learningRate, momentum })
    const normalization = computeNormalization(dataset, dataset.splits.train)
    const order = Int32Array.from(dataset.splits.train)
    const stepsPerEpoch = Math.ceil(order.length / batchSize)
    const { height, width, channels } = dataset.imageShape
    const inputs = new Float32Array(batchSize * height * width * channels)
    const labels = new Int32Array(batchSize)
    this.options.send({
      type: 'runStarted',
      runId,
      classNames: dataset.classNames,
      trainCount: dataset.splits.train.length,
      validationCount: dataset.splits.validation.length,
      testCount: dataset.splits.test.length,
      stepsPerEpoch,
      parameterCount: network.parameterCount(),
    })

    let epochsCompleted = 0
    // Train metrics of the summary: the last epoch's running averages, as Keras reports them. A full pass over the
    // training split would make 'stop' wait many seconds on a large dataset.
    let trainMetrics: SplitMetrics = { loss: 0, accuracy: 0, count: 0 }
    for (let epoch = 1; epoch <= epochs && !this.isStopRequested; epoch++) {
      random.shuffle(order)
      let lossSum = 0
      let correct = 0
      let seen = 0
      let trainingMilliseconds = 0
      for (let step = 0; step < stepsPerEpoch; step++) {
        await this.options.yieldToEventLoop()
        await this.waitWhilePaused()
        if (this.isStopRequested) {
          break
        }
        const stepStart = this.now()
        const count = Math.min(batchSize, order.length - step * batchSize)
        fillInputBatch(inputs, dataset, order, step * batchSize, count, normalization)
        fillLabelBatch(labels, dataset, order, step * batchSize, count)
        const result = trainBatch(network, optimizer, inputs.subarray(0, count * height * width * channels), labels, count)
        trainingMilliseconds += this.now() - stepStart
        if (!Number.isFinite(result.loss)) {
          throw new Error(
            `training diverged: the loss became ${result.loss} at epoch ${epoch}, step ${step + 1}. ` +
              `Try a smaller learning rate than ${learningRate}.`,
          )
        }
        lossSum += result.loss * count
        correct += result.correct
        seen += count
        this.options.send({
          type: 'step',
          runId,
          epoch,
          step: step + 1,
          stepsPerEpoch,
          loss: result.loss,
          accuracy: result.correct / count,
        })
      }
      if (epochsCompleted === 0 || seen === order.length) {
        trainMetrics = { loss: seen > 0 ? lossSum / seen : 0, accuracy: seen > 0 ? correct / seen : 0, count: seen }
      }
      if (seen < order.length) {
        break // stopped mid-epoch: a partial epoch is not reported as one
      }
      const validation = evaluateSplit(network, dataset, dataset.splits.validation, normalization, batchSize)
      epochsCompleted = epoch
      this.options.send({
        type: 'epoch',
        runId,
        epoch,
        trainLoss: lossSum / seen,
        trainAccuracy: correct / seen,
        validationLoss: validation.loss,
        validationAccuracy: validation.accuracy,
        imagesPerSecond: trainingMilliseconds > 0 ? (seen * 1000) / trainingMilliseconds : 0,
        seconds: (this.now() - startedAt) / 1000,
      })
    }

    const reason = this.isStopRequested ? 'stopped' : 'finished'
    const summary = {
      runId,
      reason,
      epochsCompleted,
      train: trainMetrics,
      validation: evaluateSplit(network, dataset, dataset.splits.validation, normalization, batchSize),
      test: evaluateSplit(network, dataset, dataset.splits.test, normalization, batchSize),
      seconds: (this.now() - startedAt) / 1000,
    } as const
    this.options.send({ type: 'summary', summary })
    this.setState(reason)
  }
}

// The trainer's state machine: idle → running ⇄ paused → stopped | finished | failed, and back to running on a
// new 'start' or 'startFromCheckpoint'. It owns one run at a time (TrainingRun does the work), answers
// evaluation requests about the current or last run, and talks only through the injected senders, so it is
// tested with a fake transport. No file I/O here: checkpoints go to the host as bytes.

import { createEvaluationAccumulator } from '../app/engine/metrics'
import { softmax } from '../app/engine/loss'
import { fillInputBatch, fillLabelBatch } from '../app/data/batch'
import { decodeCheckpoint, encodeCheckpoint } from '../app/formats/checkpoint'
import { validateNetworkSpec } from '../app/model/validateSpec'
import { serializeError } from '../app/protocol/errors'
import type {
  DataSourceRef,
  EvaluationResult,
  RunSummary,
  TrainerCommand,
  TrainerEvent,
  TrainerState,
} from '../app/protocol/trainerProtocol'
import { TRAINER_PROTOCOL_VERSION } from '../app/protocol/trainerProtocol'
import { validateDataSourceRef, validateHyperparameters, validateRunId, validateTrainerCommand } from '../app/protocol/validateTrainer'
import type { LoadedDataset } from './dataLoader'
import { answerInspection } from './inspection'
import { TrainingRun } from './trainingRun'
import type { RunConfig } from './trainingRun'

type Command<T extends TrainerCommand['type']> = Extract<TrainerCommand, { type: T }>

export type TrainerSessionOptions = Readonly<{
  /** To every client (windows, CLI, host). */
  send: (event: TrainerEvent) => void
  /** To the host only (checkpoint bytes, which windows do not need). */
  sendToHost: (event: TrainerEvent) => void
  loadDataset: (source: DataSourceRef) => Promise<LoadedDataset>
  /** Lets queued messages (pause, stop) in between steps; setImmediate in the trainer process. */
  yieldToEventLoop: () => Promise<void>
  /** Threads a run uses when its options say 0 (all cores); reported in the handshake. */
  defaultThreads: number
  now?: () => number
}>

export class TrainerSession {
  private state: TrainerState = 'idle'
  private run: TrainingRun | null = null
  private runId: string | null = null
  private isStopRequested = false
  private resumeWaiter: (() => void) | null = null
  private readonly now: () => number
  /** Serialises evaluation requests with training steps: both use the pool. */
  private poolQueue: Promise<unknown> = Promise.resolve()

  constructor(private readonly options: TrainerSessionOptions) {
    this.now = options.now ?? (() => performance.now())
  }

  /** The handshake every client sees first. */
  ready(): TrainerEvent {
    return {
      type: 'ready',
      protocolVersion: TRAINER_PROTOCOL_VERSION,
      threads: this.run?.pool.threads ?? this.options.defaultThreads,
    }
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
      const requestId = command.type === 'evaluate' || command.type === 'inspect' ? command.requestId : undefined
      this.options.send({ type: 'error', error: serializeError(error), command: command.type, requestId })
    }
  }

  private dispatch(command: TrainerCommand): void {
    switch (command.type) {
      case 'start':
        this.expectNoActiveRun(`start run '${command.runId}'`)
        void this.begin(command.runId, () => this.startRun(command))
        return
      case 'startFromCheckpoint':
        this.expectNoActiveRun('continue from a checkpoint')
        void this.begin(null, () => this.continueRun(command))
        return
      case 'loadCheckpoint':
        this.expectNoActiveRun('load a checkpoint')
        this.queueOnPool(async () => {
          try {
            await this.run?.dispose()
            this.run = null
            this.run = await this.continueRun({ type: 'startFromCheckpoint', checkpoint: command.checkpoint })
          } catch (error) {
            this.options.send({ type: 'error', error: serializeError(error), command: 'loadCheckpoint' })
          }
        })
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
      case 'evaluate':
        void this.answerEvaluation(command)
        return
      case 'inspect':
        void this.answerInspectionRequest(command)
        return
    }
  }

  private expectNoActiveRun(action: string): void {
    if (this.state === 'running' || this.state === 'paused') {
      throw new Error(`cannot ${action}: run '${this.runId}' is ${this.state}; stop it first`)
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

  private async begin(runId: string | null, create: () => Promise<TrainingRun>): Promise<void> {
    this.isStopRequested = false
    this.runId = runId
    this.setState('running')
    try {
      await this.run?.dispose()
      this.run = null
      this.run = await create()
      this.runId = this.run.config.runId
      await this.train(this.run)
    } catch (error) {
      this.options.send({ type: 'error', error: serializeError(error), command: 'start' })
      this.setState('failed')
    }
  }

  private async startRun(command: Command<'start'>): Promise<TrainingRun> {
    const { runId, spec, data, hyperparameters } = command
    const loaded = await this.options.loadDataset(data)
    return TrainingRun.create({ runId, spec, data, hyperparameters }, loaded, null, this.now)
  }

  private async continueRun(command: Command<'startFromCheckpoint'>): Promise<TrainingRun> {
    const checkpoint = decodeCheckpoint(command.checkpoint)
    const where = `checkpoint of run '${checkpoint.runId}'`
    const saved = validateHyperparameters(checkpoint.hyperparameters, `${where}: hyperparameters`)
    const config: RunConfig = {
      runId: validateRunId(checkpoint.runId, `${where}: runId`),
      spec: validateNetworkSpec(checkpoint.spec, `${where}: spec`),
      data: validateDataSourceRef(checkpoint.dataset.ref, `${where}: dataset`),
      hyperparameters: command.epochs === undefined ? saved : { ...saved, epochs: command.epochs },
    }
    this.runId = config.runId
    const loaded = await this.options.loadDataset(config.data)
    return TrainingRun.create(config, loaded, checkpoint, this.now)
  }

  private async waitWhilePaused(run: TrainingRun): Promise<void> {
    if (this.state !== 'paused' || this.isStopRequested) {
      return
    }
    this.saveCheckpoint(run, false) // a paused run can be closed and continued later
    while (this.state === 'paused' && !this.isStopRequested) {
      await new Promise<void>((resolve) => {
        this.resumeWaiter = resolve
      })
    }
  }

  private async train(run: TrainingRun): Promise<void> {
    const { runId, spec, data, hyperparameters } = run.config
    const startedAt = this.now()
    const { dataset } = run
    this.options.send({
      type: 'runStarted',
      runId,
      spec,
      data,
      hyperparameters,
      threads: run.pool.threads,
      resumedFrom: run.position.globalStep > 0 ? run.position : null,
      classNames: dataset.classNames,
      trainCount: dataset.splits.train.length,
      validationCount: dataset.splits.validation.length,
      testCount: dataset.splits.test.length,
      stepsPerEpoch: run.stepsPerEpoch,
      parameterCount: run.network().parameterCount(),
    })
    const outcome = await run.train({
      beforeStep: async () => {
        await this.options.yieldToEventLoop()
        await this.poolQueue
        await this.waitWhilePaused(run)
        return this.isStopRequested ? 'stop' : 'continue'
      },
      onStep: (report) => this.options.send({ type: 'step', runId, stepsPerEpoch: run.stepsPerEpoch, ...report }),
      onEpoch: async (report) => {
        this.options.send({ type: 'epoch', runId, ...report, seconds: (this.now() - startedAt) / 1000 })
        this.saveCheckpoint(run, true)
      },
    })
    if (outcome === 'stopped' && run.position.stepInEpoch > 0) {
      this.saveCheckpoint(run, false)
    }
    const [validation, test] = [await run.evaluate('validation'), await run.evaluate('test')]
    const last = run.epochHistory.at(-1)
    const summary: RunSummary = {
      runId,
      reason: outcome,
      epochsCompleted: run.completedEpochs,
      // The last epoch's running averages, as Keras reports them: a full pass would make 'stop' slow.
      train: { loss: last?.trainLoss ?? 0, accuracy: last?.trainAccuracy ?? 0, count: dataset.splits.train.length },
      validation,
      test,
      seconds: (this.now() - startedAt) / 1000,
    }
    this.options.send({ type: 'summary', summary })
    this.setState(outcome === 'stopped' ? 'stopped' : 'finished')
  }

  private saveCheckpoint(run: TrainingRun, isEpochEnd: boolean): void {
    const bytes = encodeCheckpoint(run.snapshot())
    this.options.sendToHost({ type: 'checkpoint', runId: run.config.runId, epoch: run.completedEpochs, isEpochEnd, bytes })
  }

  /** Runs `task` after everything queued before it, so loading, evaluation and training steps never overlap. */
  private queueOnPool<T>(task: () => T | Promise<T>): Promise<T> {
    const result = this.poolQueue.then(task)
    this.poolQueue = result.catch(() => undefined)
    return result
  }

  private async answerInspectionRequest(command: Command<'inspect'>): Promise<void> {
    await this.poolQueue
    const run = this.run
    const { requestId } = command
    try {
      if (!run) {
        throw new Error('cannot inspect: no run has been trained or loaded in this trainer yet')
      }
      const result = await this.queueOnPool(() => answerInspection(run, command.request))
      const { epoch, stepInEpoch } = run.position
      this.options.send({ type: 'inspection', requestId, runId: run.config.runId, epoch, step: stepInEpoch, result })
    } catch (error) {
      this.options.send({ type: 'error', error: serializeError(error), command: 'inspect', requestId })
    }
  }

  private async answerEvaluation(command: Command<'evaluate'>): Promise<void> {
    await this.poolQueue // a checkpoint being loaded becomes the run to evaluate
    const run = this.run
    const { requestId, split } = command
    try {
      if (!run) {
        throw new Error('cannot evaluate: no run has been trained or loaded in this trainer yet')
      }
      const evaluation = await this.queueOnPool(() => evaluateRun(run, command))
      this.options.send({ type: 'evaluation', requestId, runId: run.config.runId, split, evaluation })
    } catch (error) {
      this.options.send({ type: 'error', error: serializeError(error), command: 'evaluate', requestId })
    }
  }
}

/** Full metrics on one split with the run's current weights, on the trainer's main thread between steps. */
function evaluateRun(run: TrainingRun, command: Command<'evaluate'>): EvaluationResult {
  const { dataset, normalization } = run
  const network = run.network()
  const indices = dataset.splits[command.split]
  const classCount = dataset.classNames.length
  const accumulator = createEvaluationAccumulator(classCount, Math.min(command.topK, classCount))
  const chunk = 256
  const { height, width, channels } = dataset.imageShape
  const inputs = new Float32Array(chunk * height * width * channels)
  const labels = new Int32Array(chunk)
  const probabilities = new Float32Array(chunk * classCount)
  for (let start = 0; start < indices.length; start += chunk) {
    const count = Math.min(chunk, indices.length - start)
    fillInputBatch(inputs, dataset, indices, start, count, normalization)
    fillLabelBatch(labels, dataset, indices, start, count)
    const logits = network.forward(inputs.subarray(0, count * height * width * channels), count)
    softmax(probabilities.subarray(0, count * classCount), logits, count, classCount)
    accumulator.add(probabilities, labels, indices.subarray(start, start + count), count)
  }
  const result = accumulator.result()
  const keep = Math.min(result.misclassified.count, command.maxMisclassified)
  const mistakes = result.misclassified
  return {
    ...result,
    misclassified: {
      count: keep,
      indices: Int32Array.from(mistakes.indices.subarray(0, keep)),
      labels: Int32Array.from(mistakes.labels.subarray(0, keep)),
      predicted: Int32Array.from(mistakes.predicted.subarray(0, keep)),
      confidence: Float32Array.from(mistakes.confidence.subarray(0, keep)),
      probabilities: Float32Array.from(mistakes.probabilities.subarray(0, keep * classCount)),
    },
  }
}

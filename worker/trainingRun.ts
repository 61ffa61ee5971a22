// One training run inside the trainer process: the thread pool, optimiser, schedule, early stopping and data
// order, stepped epoch by epoch, with a snapshot (checkpoint) of everything needed to continue exactly. The
// session (trainerSession.ts) decides when to pause or stop and what to send; this file does the work.
// Exactness: shuffling uses one seeded generator whose state is saved; augmentation and dropout randomness are
// pure functions of (seed, global step), so a resumed run draws the same numbers as an uninterrupted one.

import { fillInputBatch, fillLabelBatch } from '../app/data/batch'
import { fillAugmentedInputBatch, NO_AUGMENTATION } from '../app/data/augment'
import { computeNormalization } from '../app/data/imageDataset'
import type { ImageDataset, Normalization } from '../app/data/imageDataset'
import { EarlyStopping } from '../app/engine/earlyStopping'
import type { EarlyStoppingState } from '../app/engine/earlyStopping'
import { buildNetwork } from '../app/engine/network'
import type { Network } from '../app/engine/network'
import { clipGradientNorm, createOptimizer } from '../app/engine/optim'
import type { Optimizer } from '../app/engine/optim'
import { mixWords, Random } from '../app/engine/random'
import { learningRateAt } from '../app/engine/schedule'
import type { Checkpoint, CheckpointProgress } from '../app/formats/checkpoint'
import type { NetworkSpec } from '../app/model/networkSpec'
import { specFitProblem } from '../app/model/specFit'
import type { DataSourceRef, Hyperparameters, SplitMetrics } from '../app/protocol/trainerProtocol'
import { resolveTrainingOptions } from '../app/protocol/trainingOptions'
import type { TrainingOptions } from '../app/protocol/trainingOptions'
import type { LoadedDataset } from './dataLoader'
import { datasetFingerprint } from './datasetFingerprint'
import { defaultThreadCount, TrainingPool } from './threads/trainingPool'

export type RunConfig = Readonly<{
  runId: string
  spec: NetworkSpec
  data: DataSourceRef
  hyperparameters: Hyperparameters
}>

export type StepReport = Readonly<{ epoch: number; step: number; loss: number; accuracy: number; learningRate: number }>
export type EpochReport = Readonly<{
  epoch: number
  trainLoss: number
  trainAccuracy: number
  validationLoss: number
  validationAccuracy: number
  imagesPerSecond: number
  learningRate: number
  isBest: boolean
}>

/** What the loop asks of the session between steps. */
export type RunControl = Readonly<{
  /** Waits while paused; 'stop' ends the run after the current step. */
  beforeStep(): Promise<'continue' | 'stop'>
  onStep(report: StepReport): void
  onEpoch(report: EpochReport): Promise<void>
}>

const SHUFFLE_STREAM = 0x5f3759df
const AUGMENT_STREAM = 0x2545f491
const DROPOUT_STREAM = 0x68e31da4
const EVALUATION_CHUNK = 512

export class TrainingRun {
  readonly options: TrainingOptions
  private readonly isAugmenting: boolean
  readonly stepsPerEpoch: number
  readonly normalization: Normalization
  readonly fingerprint: string
  private order: Int32Array
  private progress: { epoch: number; stepInEpoch: number; globalStep: number }
  private readonly history: EpochReport[] = []
  private epochSums = { loss: 0, correct: 0, seen: 0, milliseconds: 0 }
  private readonly inputs: [Float32Array, Float32Array]
  private readonly labels: [Int32Array, Int32Array]
  private inspectionNetwork: Network | null = null
  private shouldStopEarly = false
  /** The global step each batch slot was filled for (−1: none); the order changes each epoch, so reset then. */
  private readonly preparedSteps = [-1, -1]

  private constructor(
    readonly config: RunConfig,
    readonly dataset: ImageDataset,
    importedNormalization: Normalization | null,
    readonly pool: TrainingPool,
    private readonly optimizer: Optimizer,
    private readonly shuffleRandom: Random,
    private readonly earlyStopping: EarlyStopping | null,
    private readonly now: () => number,
  ) {
    const { batchSize } = config.hyperparameters
    this.options = resolveTrainingOptions(config.hyperparameters.options)
    const { augmentation } = this.options
    this.isAugmenting = (Object.keys(NO_AUGMENTATION) as (keyof typeof augmentation)[]).some(
      (key) => augmentation[key] !== NO_AUGMENTATION[key],
    )
    this.stepsPerEpoch = Math.ceil(dataset.splits.train.length / batchSize)
    // A cache's header carries the normalisation computed at import, which the Data screen shows; using it (not
    // a recomputation) keeps what the network sees and what the person is told the same by construction.
    this.normalization = importedNormalization ?? computeNormalization(dataset, dataset.splits.train)
    this.fingerprint = datasetFingerprint(dataset)
    this.order = Int32Array.from(dataset.splits.train)
    this.progress = { epoch: 0, stepInEpoch: 0, globalStep: 0 }
    const size = dataset.imageShape.height * dataset.imageShape.width * dataset.imageShape.channels
    this.inputs = [new Float32Array(batchSize * size), new Float32Array(batchSize * size)]
    this.labels = [new Int32Array(batchSize), new Int32Array(batchSize)]
  }

  /**
   * Builds the pool and optimiser for a new run, or for one continuing from `checkpoint`. Normalises with the
   * loaded dataset's normalisation when it has one (imported caches), else computes it on the training split.
   */
  static async create(
    config: RunConfig,
    { dataset, normalization }: LoadedDataset,
    checkpoint: Checkpoint | null,
    now: () => number = () => performance.now(),
  ): Promise<TrainingRun> {
    const { spec, hyperparameters } = config
    const problem = specFitProblem(spec, dataset.imageShape, dataset.classNames.length)
    if (problem) {
      throw new Error(`${problem} (dataset '${dataset.name}')`)
    }
    const options = resolveTrainingOptions(hyperparameters.options)
    const pool = await TrainingPool.create({
      spec,
      seed: hyperparameters.seed,
      threads: options.threads > 0 ? options.threads : defaultThreadCount(),
      maxBatchSize: Math.max(hyperparameters.batchSize, EVALUATION_CHUNK),
      lossKind: options.loss,
    })
    const optimizer = createOptimizer(pool.params(), {
      kind: options.optimizer,
      momentum: hyperparameters.momentum,
      nesterov: options.nesterov,
      weightDecay: options.weightDecay,
      beta1: options.beta1,
      beta2: options.beta2,
      epsilon: 1e-8,
    })
    const earlyStopping =
      options.earlyStoppingPatience > 0
        ? new EarlyStopping({ patience: options.earlyStoppingPatience, minDelta: options.earlyStoppingMinDelta })
        : null
    const shuffleRandom = new Random(mixWords(hyperparameters.seed, SHUFFLE_STREAM))
    const run = new TrainingRun(config, dataset, normalization, pool, optimizer, shuffleRandom, earlyStopping, now)
    if (checkpoint) {
      run.restore(checkpoint)
    }
    return run
  }

  get completedEpochs(): number {
    return this.progress.epoch
  }

  /** Every finished epoch's report, oldest first (restored ones included). */
  get epochHistory(): readonly EpochReport[] {
    return this.history
  }

  get position(): CheckpointProgress {
    return { ...this.progress }
  }

  /** Trains until the last epoch, early stopping, or the control says stop; returns why it ended. */
  async train(control: RunControl): Promise<'finished' | 'stopped' | 'earlyStopped'> {
    const { epochs } = this.config.hyperparameters
    while (this.progress.epoch < epochs) {
      if (this.progress.stepInEpoch === 0) {
        this.order = Int32Array.from(this.dataset.splits.train)
        this.shuffleRandom.shuffle(this.order)
        this.preparedSteps.fill(-1)
        this.epochSums = { loss: 0, correct: 0, seen: 0, milliseconds: 0 }
      }
      while (this.progress.stepInEpoch < this.stepsPerEpoch) {
        if ((await control.beforeStep()) === 'stop') {
          return 'stopped'
        }
        control.onStep(await this.step())
      }
      const report = await this.finishEpoch(this.endEpoch())
      await control.onEpoch(report)
      if (this.shouldStopEarly) {
        return 'earlyStopped'
      }
    }
    return 'finished'
  }

  private async step(): Promise<StepReport> {
    const { learningRate: baseLearningRate, seed, epochs } = this.config.hyperparameters
    const { stepInEpoch, globalStep } = this.progress
    const slot = globalStep % 2
    const count = this.prepareBatch(slot, stepInEpoch, globalStep)
    const learningRate = learningRateAt(this.options.schedule, baseLearningRate, globalStep, this.stepsPerEpoch, epochs)
    const began = this.now()
    const stepSeed = mixWords(seed, DROPOUT_STREAM + globalStep)
    // trainStep copies the batch before its first await, so the next batch (augmentation included) is prepared
    // here while the threads compute: data loading stays off their critical path.
    const pending = this.pool.trainStep(this.inputs[slot], this.labels[slot], count, stepSeed)
    if (stepInEpoch + 1 < this.stepsPerEpoch) {
      this.prepareBatch(1 - slot, stepInEpoch + 1, globalStep + 1)
    }
    const result = await pending
    if (!Number.isFinite(result.loss)) {
      throw new Error(
        `training diverged: the loss became ${result.loss} at epoch ${this.progress.epoch + 1}, step ` +
          `${stepInEpoch + 1}. Try a smaller learning rate than ${learningRate}, or gradient clipping.`,
      )
    }
    if (this.options.gradientClipNorm > 0) {
      clipGradientNorm(this.pool.params(), this.options.gradientClipNorm)
    }
    this.optimizer.step(learningRate)
    this.epochSums.milliseconds += this.now() - began
    this.epochSums.loss += result.loss * count
    this.epochSums.correct += result.correct
    this.epochSums.seen += count
    this.progress.stepInEpoch++
    this.progress.globalStep++
    return {
      epoch: this.progress.epoch + 1,
      step: this.progress.stepInEpoch,
      loss: result.loss,
      accuracy: result.correct / count,
      learningRate,
    }
  }

  /** Fills batch slot `slot` for the given step unless it already holds it; returns the batch's size. */
  private prepareBatch(slot: number, stepInEpoch: number, globalStep: number): number {
    const { batchSize } = this.config.hyperparameters
    const start = stepInEpoch * batchSize
    const count = Math.min(batchSize, this.order.length - start)
    if (this.preparedSteps[slot] !== globalStep) {
      this.fillBatch(this.inputs[slot], this.labels[slot], start, count, globalStep)
      this.preparedSteps[slot] = globalStep
    }
    return count
  }

  private fillBatch(inputs: Float32Array, labels: Int32Array, start: number, count: number, globalStep: number): void {
    const { augmentation } = this.options
    if (this.isAugmenting) {
      const random = new Random(mixWords(this.config.hyperparameters.seed, AUGMENT_STREAM + globalStep))
      fillAugmentedInputBatch(inputs, this.dataset, this.order, start, count, this.normalization, augmentation, random)
    } else {
      fillInputBatch(inputs, this.dataset, this.order, start, count, this.normalization)
    }
    fillLabelBatch(labels, this.dataset, this.order, start, count)
  }

  /** The epoch's training figures; finishEpoch adds validation. */
  private endEpoch(): EpochReport {
    const sums = this.epochSums
    this.progress.epoch++
    this.progress.stepInEpoch = 0
    return {
      epoch: this.progress.epoch,
      trainLoss: sums.seen > 0 ? sums.loss / sums.seen : 0,
      trainAccuracy: sums.seen > 0 ? sums.correct / sums.seen : 0,
      validationLoss: 0,
      validationAccuracy: 0,
      imagesPerSecond: sums.milliseconds > 0 ? (sums.seen * 1000) / sums.milliseconds : 0,
      learningRate: this.optimizerLearningRate(),
      isBest: false,
    }
  }

  private optimizerLearningRate(): number {
    const { learningRate, epochs } = this.config.hyperparameters
    return learningRateAt(this.options.schedule, learningRate, this.progress.globalStep, this.stepsPerEpoch, epochs)
  }

  /** Loss and accuracy of the current weights on a split, sharded over the pool's threads. */
  async evaluate(split: 'train' | 'validation' | 'test'): Promise<SplitMetrics> {
    const indices = this.dataset.splits[split]
    const { height, width, channels } = this.dataset.imageShape
    const inputs = new Float32Array(EVALUATION_CHUNK * height * width * channels)
    const labels = new Int32Array(EVALUATION_CHUNK)
    let lossSum = 0
    let correct = 0
    for (let start = 0; start < indices.length; start += EVALUATION_CHUNK) {
      const count = Math.min(EVALUATION_CHUNK, indices.length - start)
      fillInputBatch(inputs, this.dataset, indices, start, count, this.normalization)
      fillLabelBatch(labels, this.dataset, indices, start, count)
      const result = await this.pool.evaluate(inputs, labels, count, EVALUATION_CHUNK)
      lossSum += result.lossSum
      correct += result.correct
    }
    const count = indices.length
    return { loss: count > 0 ? lossSum / count : 0, accuracy: count > 0 ? correct / count : 0, count }
  }

  /** Completes an epoch report with validation metrics and the early-stopping decision, and records it. */
  async finishEpoch(report: EpochReport): Promise<EpochReport> {
    const validation = await this.evaluate('validation')
    let isBest = true
    if (this.earlyStopping) {
      const decision = this.earlyStopping.observe(report.epoch, validation.loss)
      isBest = decision.isBest
      this.shouldStopEarly = decision.shouldStop
    }
    const complete = { ...report, validationLoss: validation.loss, validationAccuracy: validation.accuracy, isBest }
    this.history.push(complete)
    return complete
  }

  /** A network on the main thread that reads the pool's shared weights, for evaluation details and inspection. */
  network(): Network {
    if (!this.inspectionNetwork) {
      const network = buildNetwork(this.config.spec, new Random(this.config.hyperparameters.seed))
      network.bindBuffers({
        values: this.pool.weights(),
        grads: new Float32Array(network.valueCount()),
        state: this.pool.state(),
      })
      this.inspectionNetwork = network
    }
    return this.inspectionNetwork
  }

  /** Everything needed to continue exactly from here. */
  snapshot(): Checkpoint {
    const network = this.network()
    const params = network.params()
    const states = network.state()
    return {
      runId: this.config.runId,
      createdAt: new Date().toISOString(),
      spec: this.config.spec,
      hyperparameters: this.config.hyperparameters,
      dataset: { ref: this.config.data, fingerprint: this.fingerprint, classNames: this.dataset.classNames },
      progress: this.position,
      earlyStopping: this.earlyStopping ? { state: this.earlyStopping.getState(), shouldStop: this.shouldStopEarly } : null,
      history: this.history,
      optimizerInfo: { kind: this.optimizer.kind },
      paramNames: params.map((param) => param.name),
      paramLengths: params.map((param) => param.value.length),
      weights: this.pool.weights().slice(),
      stateNames: states.map((state) => state.name),
      stateLengths: states.map((state) => state.value.length),
      state: this.pool.state().slice(),
      optimizerState: this.optimizer.getState(),
      rngState: this.shuffleRandom.getState(),
      epochOrder: this.order.slice(),
    }
  }

  private restore(checkpoint: Checkpoint): void {
    const where = `checkpoint of run '${checkpoint.runId}'`
    if (checkpoint.dataset.fingerprint !== this.fingerprint) {
      throw new Error(
        `${where}: the dataset has changed since the checkpoint was written (fingerprint ` +
          `${checkpoint.dataset.fingerprint}, now ${this.fingerprint}); a resumed run would not continue exactly`,
      )
    }
    const weights = this.pool.weights()
    const state = this.pool.state()
    if (checkpoint.weights.length !== weights.length || checkpoint.state.length !== state.length) {
      throw new Error(`${where}: ${checkpoint.weights.length} weights for a network of ${weights.length}`)
    }
    weights.set(checkpoint.weights)
    state.set(checkpoint.state)
    this.optimizer.setState(checkpoint.optimizerState)
    this.shuffleRandom.setState(checkpoint.rngState)
    this.order = Int32Array.from(checkpoint.epochOrder)
    this.preparedSteps.fill(-1)
    this.progress = { ...checkpoint.progress }
    this.history.push(...(checkpoint.history as EpochReport[]))
    if (this.earlyStopping && checkpoint.earlyStopping) {
      const saved = checkpoint.earlyStopping as { state: EarlyStoppingState; shouldStop?: boolean }
      this.earlyStopping.setState(saved.state)
      this.shouldStopEarly = saved.shouldStop === true
    }
  }

  async dispose(): Promise<void> {
    await this.pool.dispose()
  }
}

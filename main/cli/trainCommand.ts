// `cnn-studio train`: trains headless in the same trainer process the app uses, with a progress bar, or with
// --json one JSON object per line (step and epoch events, then a summary). Ctrl+C stops after the current
// step and still prints the summary; a second Ctrl+C kills the trainer.

import { join, resolve } from 'node:path'
import type { NetworkSpec } from '../../app/model/networkSpec'
import type { Hyperparameters, RunSummary, TrainerEvent } from '../../app/protocol/trainerProtocol'
import { DEFAULT_HYPERPARAMETERS } from '../../app/protocol/trainerProtocol'
import { nodeTrainerFork } from '../nodeTrainerFork'
import { defaultProjectDir } from '../projectDir'
import { RunRecorder } from '../runs/runRecorder'
import { TrainerHost } from '../trainerHost'
import { CliError } from './cliError'
import { integerFlag, numberFlag, parseFlags, stringFlag } from './flags'
import { ProgressBar } from './progressBar'
import { resolveData } from './resolveData'
import { resolveModel } from './resolveModel'

export const TRAIN_USAGE = `cnn-studio train --data <source> --model <preset|spec.json> [options]
  --data SOURCE    sample:shapes, or a folder with one subfolder of images per class
  --model MODEL    a preset (lenet, tiny) or a network spec .json file        (default lenet)
  --epochs N       passes over the training split                             (default ${DEFAULT_HYPERPARAMETERS.epochs})
  --batch B        images per optimisation step                               (default ${DEFAULT_HYPERPARAMETERS.batchSize})
  --lr X           learning rate of SGD                                       (default ${DEFAULT_HYPERPARAMETERS.learningRate})
  --momentum M     SGD momentum, 0 for plain SGD                              (default ${DEFAULT_HYPERPARAMETERS.momentum})
  --seed S         seed for initial weights and shuffling                     (default ${DEFAULT_HYPERPARAMETERS.seed})
  --out DIR        write config.json, metrics.jsonl and summary.json there
  --project DIR    where imported dataset caches are kept
  --json           one JSON object per line on stdout instead of a progress bar`

const FLAGS = {
  data: { type: 'string' },
  model: { type: 'string' },
  epochs: { type: 'string' },
  batch: { type: 'string' },
  lr: { type: 'string' },
  momentum: { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
  project: { type: 'string' },
  json: { type: 'boolean' },
} as const

export type TrainPaths = Readonly<{ trainerScript: string }>

function readHyperparameters(flags: Record<string, string | boolean | undefined>): Hyperparameters {
  const defaults = DEFAULT_HYPERPARAMETERS
  return {
    epochs: integerFlag(flags.epochs, 'epochs', defaults.epochs, 1, 10_000),
    batchSize: integerFlag(flags.batch, 'batch', defaults.batchSize, 1, 4096),
    learningRate: numberFlag(flags.lr, 'lr', defaults.learningRate, { min: 0, max: 10, isMinExclusive: true }),
    momentum: numberFlag(flags.momentum, 'momentum', defaults.momentum, { min: 0, max: 0.999 }),
    seed: integerFlag(flags.seed, 'seed', defaults.seed, 0, 2 ** 32 - 1),
  }
}

function runIdNow(): string {
  return `run-${new Date().toISOString().replace(/[:.]/g, '-')}`
}

export async function trainCommand(args: readonly string[], paths: TrainPaths): Promise<number> {
  const flags = parseFlags(args, FLAGS, 'train')
  const dataSource = stringFlag(flags.data)
  if (!dataSource) {
    throw new CliError('cnn-studio train: --data is required (for example --data sample:shapes)')
  }
  const hyperparameters = readHyperparameters(flags)
  const isJson = flags.json === true
  const projectDir = resolve(stringFlag(flags.project) ?? defaultProjectDir())
  const data = await resolveData(dataSource, projectDir, (done, total) => {
    if (!isJson && process.stderr.isTTY) {
      process.stderr.write(`\rimporting images ${done}/${total}\u001b[K`)
    }
  })
  const spec: NetworkSpec = await resolveModel(stringFlag(flags.model) ?? 'lenet', data.imageShape, data.classNames.length)
  const runId = runIdNow()
  const outDir = stringFlag(flags.out)
  const recorder = outDir ? new RunRecorder(resolve(outDir)) : null
  await recorder?.writeConfig({ runId, data: { source: dataSource, ...data }, spec, hyperparameters })

  const write = (value: unknown): void => {
    process.stdout.write(`${JSON.stringify(value)}\n`)
  }
  if (!isJson) {
    process.stderr.write(`${process.stderr.isTTY ? '\r\u001b[K' : ''}training '${spec.name}' on ${data.description}\n`)
  }
  const trainerHost = new TrainerHost(nodeTrainerFork(paths.trainerScript, projectDir))
  const progress = new ProgressBar(process.stderr, hyperparameters.epochs, hyperparameters.batchSize)
  const outcome = await new Promise<{ summary: RunSummary | null; error: string | null }>((settle) => {
    let interrupts = 0
    const onInterrupt = (): void => {
      interrupts++
      if (interrupts === 1) {
        process.stderr.write('\nstopping after this step (Ctrl+C again to kill the trainer)...\n')
        trainerHost.send({ type: 'stop' })
      } else {
        trainerHost.dispose()
        settle({ summary: null, error: 'killed by Ctrl+C' })
      }
    }
    process.on('SIGINT', onInterrupt)
    const finish = (result: { summary: RunSummary | null; error: string | null }): void => {
      process.off('SIGINT', onInterrupt)
      settle(result)
    }
    trainerHost.onExit((code, signal) => finish({ summary: null, error: `the trainer process ended (${signal ?? code})` }))
    trainerHost.onEvent((event: TrainerEvent) => {
      switch (event.type) {
        case 'step':
          isJson ? write(event) : progress.step(event)
          return
        case 'epoch':
          isJson ? write(event) : progress.epoch(event)
          void recorder?.appendMetrics(event)
          return
        case 'summary':
          finish({ summary: event.summary, error: null })
          return
        case 'error':
          finish({ summary: null, error: event.error.message })
          return
        default:
          return
      }
    })
    trainerHost.send({ type: 'start', runId, spec, data: data.dataRef, hyperparameters })
  })
  trainerHost.dispose()
  progress.clear()
  if (!outcome.summary) {
    throw new CliError(`cnn-studio train: ${outcome.error}`, 1)
  }
  const summaryRecord = { type: 'summary', model: spec.name, data: dataSource, hyperparameters, ...outcome.summary }
  await recorder?.writeSummary(summaryRecord)
  if (isJson) {
    write(summaryRecord)
  } else {
    const { train, validation, test } = outcome.summary
    const percent = (value: number): string => `${(value * 100).toFixed(1)}%`
    process.stderr.write(
      `${outcome.summary.reason} after ${outcome.summary.epochsCompleted} epochs in ${outcome.summary.seconds.toFixed(1)} s: ` +
        `train ${percent(train.accuracy)}, validation ${percent(validation.accuracy)}, test ${percent(test.accuracy)}\n` +
        (outDir ? `run saved in ${join(resolve(outDir))}\n` : ''),
    )
  }
  return 0
}

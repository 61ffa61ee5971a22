// `cnn-studio train`: imports --data into the project (with the import flags; progress, result line and a
// pointer to `cnn-studio doctor`), then trains headless in the same trainer process the app uses, with a progress
// bar, or with --json one JSON object per line (import progress, step and epoch events, then a summary). The run
// is kept on disk (config, metrics, checkpoints, summary) and `--resume RUNDIR` continues it exactly. Ctrl+C
// during the import cancels it (exit 130); during training it stops after the current step, saves a checkpoint
// and still prints the summary; a second Ctrl+C kills the trainer.

import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { RunSummary, TrainerCommand, TrainerEvent } from '../../app/protocol/trainerProtocol'
import { nodeTrainerFork } from '../nodeTrainerFork'
import { defaultProjectDir } from '../projectDir'
import { lastCheckpointPath } from '../runs/checkpointStore'
import { RunWriter } from '../runs/runWriter'
import { TrainerHost } from '../trainerHost'
import { CliError } from './cliError'
import { integerFlag, parseFlags, stringFlag } from './flags'
import { givenImportFlags, IMPORT_FLAGS, IMPORT_FLAGS_USAGE, importFlagArgs, readImportSettings } from './importFlags'
import { ImportProgressView, renderDoctorPointer, renderImportedLine } from './importProgress'
import { ProgressBar } from './progressBar'
import { resolveData } from './resolveData'
import type { ImportedData } from './resolveData'
import { resolveModel } from './resolveModel'
import { readHyperparameters, TRAINING_FLAGS, TRAINING_FLAGS_USAGE } from './trainFlags'

export const TRAIN_USAGE = `cnn-studio train --data <source> [--model <preset|spec.json>] [options]
cnn-studio train --resume RUNDIR [--epochs N]
  --data SOURCE    sample:shapes, an image folder (one subfolder per class, optionally inside train/ val/ test/),
                   a folder of MNIST-style IDX files or CIFAR-10 batches, or a .csv of path,label; imported into
                   the project once (a re-import decodes only new or changed files)
${IMPORT_FLAGS_USAGE}
  --model MODEL    a preset (cnn-studio model --help lists them) or a network spec .json file  (default lenet)
${TRAINING_FLAGS_USAGE}
  --out DIR        the run folder (default <project>/runs/<run id>): config.json, metrics.jsonl, checkpoints/, summary.json
  --resume RUNDIR  continue a run exactly from its last checkpoint (--epochs may raise its epoch count)
  --project DIR    where imported dataset caches and runs are kept (default ~/.cnn-studio/projects/default)
  --json           one JSON object per line on stdout instead of a progress bar`

const FLAGS = {
  ...TRAINING_FLAGS,
  ...IMPORT_FLAGS,
  data: { type: 'string' },
  model: { type: 'string' },
  out: { type: 'string' },
  resume: { type: 'string' },
  project: { type: 'string' },
  json: { type: 'boolean' },
} as const

export type TrainPaths = Readonly<{ trainerScript: string }>

function runIdNow(): string {
  return `run-${new Date().toISOString().replace(/[:.]/g, '-')}`
}

type Plan = Readonly<{ command: TrainerCommand; runDir: string; epochs: number; batchSize: number; description: string }>

async function planResume(flags: Record<string, string | boolean | undefined>, runDir: string): Promise<Plan> {
  if (flags.data !== undefined || flags.model !== undefined || givenImportFlags(flags).length > 0) {
    throw new CliError('--resume continues a run with its own data and model; leave out --data, --model and import options')
  }
  const path = lastCheckpointPath(runDir)
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(
      error.code === 'ENOENT'
        ? `--resume: no checkpoint at ${path}; a run has one once it finished an epoch, was paused or stopped`
        : `--resume: cannot read ${path}: ${error.message}`,
    )
  })
  const config = JSON.parse(await readFile(join(runDir, 'config.json'), 'utf8').catch(() => '{}')) as {
    hyperparameters?: { epochs?: number; batchSize?: number }
  }
  const epochs = flags.epochs === undefined ? undefined : integerFlag(flags.epochs, 'epochs', 1, 1, 10_000)
  return {
    command: { type: 'startFromCheckpoint', checkpoint: new Uint8Array(bytes), ...(epochs ? { epochs } : {}) },
    runDir,
    epochs: epochs ?? config.hyperparameters?.epochs ?? 1,
    batchSize: config.hyperparameters?.batchSize ?? 1,
    description: `continuing ${runDir}`,
  }
}

/** The import's result line, and a pointer to the doctor when it found something. */
function reportImport(imported: ImportedData, importArgs: readonly string[], isJson: boolean): void {
  const { count, stats, findings, source } = imported
  if (isJson) {
    const listed = findings.map(({ kind, severity, message, paths }) => ({ kind, severity, message, pathCount: paths.length }))
    process.stdout.write(`${JSON.stringify({ type: 'imported', source, count, ...stats, findings: listed })}\n`)
    return
  }
  const pointer = renderDoctorPointer(source, findings, stats.skipped, importArgs)
  process.stderr.write(`${renderImportedLine(count, stats)}\n${pointer ? `${pointer}\n` : ''}`)
}

async function planNewRun(flags: Record<string, string | boolean | undefined>, projectDir: string, isJson: boolean): Promise<Plan> {
  const dataSource = stringFlag(flags.data)
  if (!dataSource) {
    throw new CliError('cnn-studio train: --data is required (for example --data sample:shapes)')
  }
  const importFlags = givenImportFlags(flags)
  if (dataSource.startsWith('sample:') && importFlags.length > 0) {
    throw new CliError(`${importFlags.join(', ')}: import options apply to imported data, not to ${dataSource}`)
  }
  const settings = readImportSettings(flags)
  const hyperparameters = readHyperparameters(flags)
  const view = new ImportProgressView(process.stderr)
  const writeJson = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value)}\n`)
  let data
  try {
    data = await resolveData(dataSource, projectDir, {
      settings,
      onProgress: (progress) => (isJson ? writeJson({ type: 'importProgress', ...progress }) : view.update(progress)),
    })
  } finally {
    view.clear()
  }
  if (data.imported) {
    reportImport(data.imported, importFlagArgs(flags), isJson)
  }
  const spec = await resolveModel(stringFlag(flags.model) ?? 'lenet', data.imageShape, data.classNames.length)
  const runId = runIdNow()
  const outDir = stringFlag(flags.out)
  return {
    command: { type: 'start', runId, spec, data: data.dataRef, hyperparameters },
    runDir: resolve(outDir ?? join(projectDir, 'runs', runId)),
    epochs: hyperparameters.epochs,
    batchSize: hyperparameters.batchSize,
    description: `'${spec.name}' on ${data.description}`,
  }
}

export async function trainCommand(args: readonly string[], paths: TrainPaths): Promise<number> {
  const flags = parseFlags(args, FLAGS, 'train')
  const isJson = flags.json === true
  const projectDir = resolve(stringFlag(flags.project) ?? defaultProjectDir())
  const resumeDir = stringFlag(flags.resume)
  const plan = resumeDir ? await planResume(flags, resolve(resumeDir)) : await planNewRun(flags, projectDir, isJson)
  const write = (value: unknown): void => {
    process.stdout.write(`${JSON.stringify(value)}\n`)
  }
  if (!isJson) {
    process.stderr.write(`${process.stderr.isTTY ? '\r\u001b[K' : ''}training ${plan.description}\n`)
  }
  const writer = new RunWriter({
    runDirFor: () => plan.runDir,
    onError: (message) => process.stderr.write(`cnn-studio train: ${message}\n`),
  })
  const trainerHost = new TrainerHost(nodeTrainerFork(paths.trainerScript, projectDir))
  const progress = new ProgressBar(process.stderr, plan.epochs, plan.batchSize)
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
      writer.record(event)
      switch (event.type) {
        case 'step':
          isJson ? write(event) : progress.step(event)
          return
        case 'epoch':
          isJson ? write(event) : progress.epoch(event)
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
    trainerHost.send(plan.command)
  })
  await writer.flush()
  trainerHost.dispose()
  progress.clear()
  if (!outcome.summary) {
    throw new CliError(`cnn-studio train: ${outcome.error}`, 1)
  }
  const summary = outcome.summary
  if (isJson) {
    write({ type: 'summary', runDir: plan.runDir, ...summary })
  } else {
    const percent = (value: number): string => `${(value * 100).toFixed(1)}%`
    process.stderr.write(
      `${summary.reason} after ${summary.epochsCompleted} epochs in ${summary.seconds.toFixed(1)} s: ` +
        `train ${percent(summary.train.accuracy)}, validation ${percent(summary.validation.accuracy)}, ` +
        `test ${percent(summary.test.accuracy)}\nrun saved in ${plan.runDir}\n`,
    )
  }
  return 0
}

// `cnn-studio eval --run RUNDIR`: loads the run's last checkpoint in the trainer process and prints loss,
// accuracy, top-k accuracy, per-class precision/recall/F1, the confusion matrix and the most confident mistakes
// on a split (test by default). --json prints one object.

import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { EvaluationResult, EvaluationSplit } from '../../app/protocol/trainerProtocol'
import { nodeTrainerFork } from '../nodeTrainerFork'
import { defaultProjectDir } from '../projectDir'
import { lastCheckpointPath } from '../runs/checkpointStore'
import { TrainerHost } from '../trainerHost'
import { CliError } from './cliError'
import { integerFlag, parseFlags, stringFlag } from './flags'

export const EVAL_USAGE = `cnn-studio eval --run RUNDIR [--split test|validation|train] [--top-k K] [--mistakes N] [--json]
  --run RUNDIR     a run folder (with checkpoints/last.ckpt)
  --split S        which split to evaluate                                    (default test)
  --top-k K        also count a prediction right when the label is among the K best (default 3)
  --mistakes N     list the N most confident mistakes                         (default 10)
  --project DIR    where the run's dataset cache is                           (default ~/.cnn-studio/projects/default)
  --json           one JSON object instead of tables`

const FLAGS = {
  run: { type: 'string' },
  split: { type: 'string' },
  'top-k': { type: 'string' },
  mistakes: { type: 'string' },
  project: { type: 'string' },
  json: { type: 'boolean' },
} as const

export type EvalPaths = Readonly<{ trainerScript: string }>

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`
}

export function renderEvaluation(evaluation: EvaluationResult, classNames: readonly string[], split: string): string {
  const K = evaluation.classCount
  const names = classNames.length === K ? classNames : Array.from({ length: K }, (_, k) => String(k))
  const width = Math.max(5, ...names.map((name) => name.length))
  const lines = [
    `${split}: ${evaluation.count} images  loss ${evaluation.loss.toFixed(4)}  accuracy ${percent(evaluation.accuracy)}  ` +
      `top-${evaluation.topK} ${percent(evaluation.topKAccuracy)}  macro F1 ${evaluation.macroF1.toFixed(3)}`,
    '',
    `${'class'.padEnd(width)}  precision  recall     F1  support`,
  ]
  for (let k = 0; k < K; k++) {
    lines.push(
      `${names[k].padEnd(width)}  ${evaluation.precision[k].toFixed(3).padStart(9)}  ${evaluation.recall[k].toFixed(3).padStart(6)}  ` +
        `${evaluation.f1[k].toFixed(3).padStart(5)}  ${String(evaluation.support[k]).padStart(7)}`,
    )
  }
  lines.push('', 'confusion matrix (rows: true class, columns: predicted)')
  const cell = Math.max(4, ...Array.from(evaluation.confusion, (value) => String(value).length))
  lines.push(`${''.padEnd(width + 3)}  ${names.map((_, k) => String(k).padStart(cell)).join(' ')}`)
  for (let row = 0; row < K; row++) {
    const cells = Array.from(evaluation.confusion.subarray(row * K, row * K + K), (value) => String(value).padStart(cell))
    lines.push(`${String(row).padStart(2)} ${names[row].padEnd(width)}  ${cells.join(' ')}`)
  }
  const { misclassified } = evaluation
  if (misclassified.count > 0) {
    lines.push('', 'most confident mistakes (dataset index: true → predicted, confidence)')
    for (let i = 0; i < misclassified.count; i++) {
      lines.push(
        `  #${misclassified.indices[i]}: ${names[misclassified.labels[i]]} → ${names[misclassified.predicted[i]]}, ` +
          percent(misclassified.confidence[i]),
      )
    }
  }
  return lines.join('\n')
}

/** Typed arrays as plain lists for JSON output (this is the terminal, not a process boundary). */
function toJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_key, item: unknown) => (ArrayBuffer.isView(item) ? Array.from(item as Int32Array) : item)))
}

export async function evalCommand(args: readonly string[], paths: EvalPaths): Promise<number> {
  const flags = parseFlags(args, FLAGS, 'eval')
  const runDir = stringFlag(flags.run)
  if (!runDir) {
    throw new CliError('cnn-studio eval: --run RUNDIR is required')
  }
  const split = (stringFlag(flags.split) ?? 'test') as EvaluationSplit
  if (!['test', 'validation', 'train'].includes(split)) {
    throw new CliError(`--split: got '${split}', expected test, validation or train`)
  }
  const topK = integerFlag(flags['top-k'], 'top-k', 3, 1, 1000)
  const mistakes = integerFlag(flags.mistakes, 'mistakes', 10, 0, 100_000)
  const path = lastCheckpointPath(resolve(runDir))
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`--run: no checkpoint at ${path} (${error.code ?? error.message})`)
  })
  const config = JSON.parse(await readFile(join(resolve(runDir), 'config.json'), 'utf8').catch(() => '{}')) as {
    classNames?: string[]
  }
  const projectDir = resolve(stringFlag(flags.project) ?? defaultProjectDir())
  const trainerHost = new TrainerHost(nodeTrainerFork(paths.trainerScript, projectDir))
  try {
    const evaluation = await new Promise<EvaluationResult>((settle, reject) => {
      trainerHost.onExit((code, signal) => reject(new CliError(`the trainer process ended (${signal ?? code})`, 1)))
      trainerHost.onEvent((event) => {
        if (event.type === 'evaluation' && event.requestId === 1) {
          settle(event.evaluation)
        } else if (event.type === 'error') {
          reject(new CliError(`cnn-studio eval: ${event.error.message}`, 1))
        }
      })
      trainerHost.send({ type: 'loadCheckpoint', checkpoint: new Uint8Array(bytes) })
      trainerHost.send({ type: 'evaluate', requestId: 1, split, topK, maxMisclassified: mistakes })
    })
    if (flags.json === true) {
      process.stdout.write(`${JSON.stringify({ type: 'evaluation', run: resolve(runDir), split, ...(toJson(evaluation) as object) })}\n`)
    } else {
      process.stdout.write(`${renderEvaluation(evaluation, config.classNames ?? [], split)}\n`)
    }
  } finally {
    trainerHost.dispose()
  }
  return 0
}

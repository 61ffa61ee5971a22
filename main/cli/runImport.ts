// One import run from the terminal, shared by `train --data` and `doctor`: checks the source exists, cancels on
// Ctrl+C (the importer then leaves no partial file), and turns the importer's refusals into one-line CliErrors
// (exit 2; 130 when cancelled). The importing itself is main/services/import/importDataset.ts.

import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { ImportCancelledError, importDataset } from '../services/import/importDataset'
import type { ImportEnvironment, ImportOutcome, ImportRequest } from '../services/import/importDataset'
import { CliError } from './cliError'

export const SOURCE_KINDS_TEXT =
  'a folder of images (one subfolder per class, optionally inside train/ val/ test/), ' +
  'a folder of MNIST-style IDX files or CIFAR-10 batches, or a .csv of path,label'

/** Exit code of a command stopped by Ctrl+C (128 + SIGINT), as shells report it. */
export const INTERRUPTED_EXIT_CODE = 130

/** The source as an absolute path; a one-line error naming `label` (e.g. "--data") when nothing is there. */
export async function existingSource(source: string, label: string): Promise<string> {
  const path = resolve(source)
  const info = await stat(path).catch(() => null)
  if (!info) {
    throw new CliError(`${label}: '${source}' does not exist; expected ${SOURCE_KINDS_TEXT}`)
  }
  if (!info.isDirectory() && !path.toLowerCase().endsWith('.csv')) {
    throw new CliError(`${label}: '${source}' is a file but not a .csv; expected ${SOURCE_KINDS_TEXT}`)
  }
  return path
}

export type CliImportOptions = Readonly<{
  /** Prefix of error lines, e.g. "--data" or "cnn-studio doctor". */
  label: string
  /** The line printed when Ctrl+C cancels, saying what happened to the project. */
  cancelMessage: string
  /** For tests: the importer and the process whose SIGINT cancels. */
  importer?: typeof importDataset
  signals?: NodeJS.EventEmitter
}>

/** Runs the import; Ctrl+C aborts it (a second Ctrl+C exits at once). */
export async function runImport(
  request: ImportRequest,
  environment: Omit<ImportEnvironment, 'signal'>,
  options: CliImportOptions,
): Promise<ImportOutcome> {
  const { importer = importDataset, signals = process } = options
  const controller = new AbortController()
  const onInterrupt = (): void => {
    if (controller.signal.aborted) {
      process.exit(INTERRUPTED_EXIT_CODE)
    }
    controller.abort()
  }
  signals.on('SIGINT', onInterrupt)
  try {
    const outcome = await importer(request, { ...environment, signal: controller.signal })
    // Ctrl+C that arrived as the import finished still means stop: the user should not get a report or a run.
    if (controller.signal.aborted) {
      throw new ImportCancelledError()
    }
    return outcome
  } catch (error) {
    if (error instanceof ImportCancelledError || controller.signal.aborted) {
      throw new CliError(options.cancelMessage, INTERRUPTED_EXIT_CODE)
    }
    // CliErrors are already one line; TypeError and friends are bugs and keep their stack.
    if (error instanceof CliError || error instanceof TypeError || error instanceof ReferenceError) {
      throw error
    }
    // The importer's refusals (unsupported source, one class, too many classes) already say what to do.
    const message = error instanceof Error ? error.message : String(error)
    throw new CliError(`${options.label}: ${message.replace(/\s*\n\s*/g, ' ')}`)
  } finally {
    signals.off('SIGINT', onInterrupt)
  }
}

// The errors that stop an import (as opposed to per-file problems, which never do): cancelled, and sources that
// cannot make a dataset, each message saying what to do about it.

import { MAX_CLASSES } from '../../../app/data/imageDataset'
import { ValidationError } from '../../../app/protocol/errors'
import type { ImportProblem } from './sourcePlan'

/** The import was cancelled through its AbortSignal; nothing on disk changed. */
export class ImportCancelledError extends Error {
  override name = 'ImportCancelledError'
  constructor() {
    super('import cancelled; the dataset on disk was left as it was')
  }
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new ImportCancelledError()
  }
}

const MAX_REASONS_QUOTED = 3

function firstReasons(problems: readonly ImportProblem[]): string {
  if (problems.length === 0) {
    return ''
  }
  const quoted = problems.slice(0, MAX_REASONS_QUOTED).map((problem) => `${problem.path}: ${problem.reason}`)
  const more = problems.length > MAX_REASONS_QUOTED ? `; and ${problems.length - MAX_REASONS_QUOTED} more` : ''
  return ` (${quoted.join('; ')}${more})`
}

/** Fewer than two classes with usable images: a classifier needs at least two. */
export function tooFewClassesError(
  source: string,
  classNames: readonly string[],
  isCsv: boolean,
): ValidationError {
  const found = classNames.length === 0 ? 'none' : `only '${classNames[0]}'`
  const advice = isCsv
    ? "Each row should be 'path,label' with the path relative to the CSV (for example 'images/cat1.png,cat'), " +
      'with at least two different labels.'
    : "Add a folder per class (for example 'cats' and 'dogs') and put each class's images in it."
  return new ValidationError(
    `Importing '${source}' needs at least two classes with images, found ${found}. ${advice}`,
  )
}

export function tooManyClassesError(source: string, count: number): ValidationError {
  return new ValidationError(
    `Importing '${source}': found ${count} classes, at most ${MAX_CLASSES} are supported ` +
      '(is a folder of images one level too high or too low?)',
  )
}

/** Not one image could be used. */
export function nothingImportableError(source: string, problems: readonly ImportProblem[]): ValidationError {
  return new ValidationError(
    `Nothing to import from '${source}': no image could be read${firstReasons(problems)}. Expected a folder ` +
      'with one subfolder of images per class (or train/ val/ test/ folders holding those), MNIST-style IDX ' +
      'files, CIFAR-10 binary batches, or a .csv of path,label.',
  )
}

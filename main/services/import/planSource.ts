// Looks at what a person pointed at and turns it into a SourcePlan: a .csv of path,label, a folder of MNIST-style
// IDX files, a folder of CIFAR-10 batches, or an image folder (one subfolder per class, or train/ val/ test/
// folders of class subfolders). Refuses sources that cannot make a classifier (missing, no images, fewer than
// two or more than 256 classes) with advice. Reads names and container files; never decodes image files.

import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { MAX_CLASSES } from '../../../app/data/imageDataset'
import { ValidationError } from '../../../app/protocol/errors'
import { isCifarFolder, planCifarFolder } from '../cifarImport'
import { planCsv } from '../csvImport'
import { isIdxFolder, planIdxFolder } from '../idxImport'
import { scanImageFolder } from '../imageFolderScan'
import {
  nothingImportableError,
  throwIfCancelled,
  tooFewClassesError,
  tooManyClassesError,
} from './importErrors'
import type { SourcePlan } from './sourcePlan'

export type PlanOptions = Readonly<{ signal?: AbortSignal; onFound?: (count: number) => void }>

const SUPPORTED = 'a folder (one subfolder of images per class, train/ val/ test/ folders of those, ' +
  'MNIST-style IDX files or CIFAR-10 batches) or a .csv of path,label'

async function planImageFolder(folder: string, options: PlanOptions): Promise<SourcePlan> {
  let scan
  try {
    scan = await scanImageFolder(folder, options)
  } catch (error) {
    throwIfCancelled(options.signal)
    const code = (error as NodeJS.ErrnoException).code
    const why = code === 'EACCES' || code === 'EPERM' ? 'no permission to read it' : (error as Error).message
    throw new ValidationError(`Cannot import '${folder}': ${why}`)
  }
  return {
    kind: 'imageFolder',
    name: basename(folder),
    classNames: scan.classNames,
    items: scan.files,
    problems: scan.problems,
    splitOrigin: scan.layout === 'splits' ? 'folders' : 'seeded',
    native: null,
  }
}

/** The plan for `source`, or throws a ValidationError saying what was expected. */
export async function planSource(source: string, options: PlanOptions = {}): Promise<SourcePlan> {
  const info = await stat(source).catch(() => null)
  if (info === null) {
    throw new ValidationError(`Cannot import '${source}': it does not exist; expected ${SUPPORTED}`)
  }
  let plan: SourcePlan
  if (info.isFile()) {
    if (!source.toLowerCase().endsWith('.csv')) {
      throw new ValidationError(`Cannot import '${source}': it is a file; expected ${SUPPORTED}`)
    }
    plan = await planCsv(source)
  } else if (await isIdxFolder(source)) {
    plan = await planIdxFolder(source)
  } else if (await isCifarFolder(source)) {
    plan = await planCifarFolder(source)
  } else {
    plan = await planImageFolder(source, options)
  }
  throwIfCancelled(options.signal)
  if (plan.items.count === 0) {
    throw nothingImportableError(source, plan.problems)
  }
  if (plan.classNames.length > MAX_CLASSES) {
    throw tooManyClassesError(source, plan.classNames.length)
  }
  if (plan.classNames.length < 2) {
    throw tooFewClassesError(source, plan.classNames, plan.kind === 'csv')
  }
  return plan
}

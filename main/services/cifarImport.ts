// Reads a CIFAR-10 binary folder (data_batch_*.bin, test_batch.bin, batches.meta.txt) into the items an import
// stores: test_batch.bin is the test split (carved from training when it is absent or unusable); a bad batch is
// reported and skipped. Not the byte codec (app/formats/cifar.ts) and not the importer (main/services/import),
// which splits, resizes and caches.

import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { CIFAR_CHANNELS, CIFAR_SIDE, decodeCifarBatch, parseCifarMeta } from '../../app/formats/cifar'
import type { CifarBatch } from '../../app/formats/cifar'
import { ValidationError } from '../../app/protocol/errors'
import { PixelItemList } from './import/planItems'
import type { PixelRecords } from './import/planItems'
import type { FixedSplit, ImportProblem, SourcePlan } from './import/sourcePlan'

const TRAIN_BATCH = /^data_batch_\d+\.bin$/
const TEST_BATCH = 'test_batch.bin'
const META = 'batches.meta.txt'

async function listFolder(folder: string): Promise<string[]> {
  try {
    return await readdir(folder)
  } catch (error) {
    throw new ValidationError(`CIFAR import: cannot read the folder ${folder}: ${(error as Error).message}`)
  }
}

/** Whether the folder holds at least one CIFAR-10 training batch (so a caller can choose this import). */
export async function isCifarFolder(folder: string): Promise<boolean> {
  try {
    return (await readdir(folder)).some((name) => TRAIN_BATCH.test(name))
  } catch {
    return false
  }
}

type NamedBatch = CifarBatch & { name: string; mtimeMs: number }

/** Reads and decodes each batch; a batch that cannot be read or decoded becomes a problem entry. */
async function readBatches(folder: string, names: string[], problems: ImportProblem[]): Promise<NamedBatch[]> {
  const batches: NamedBatch[] = []
  for (const name of names) {
    try {
      const [bytes, info] = await Promise.all([readFile(join(folder, name)), stat(join(folder, name))])
      const batch = decodeCifarBatch(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), name)
      batches.push({ ...batch, name, mtimeMs: info.mtimeMs })
    } catch (error) {
      problems.push({ path: name, reason: (error as Error).message })
    }
  }
  return batches
}

/** Each batch as pixel records, named '<batch file>#<index>'. */
function recordsOf(batches: readonly NamedBatch[], fixedSplit: FixedSplit): PixelRecords[] {
  return batches.map((batch) => ({
    name: batch.name,
    mtimeMs: batch.mtimeMs,
    pixels: batch.images,
    width: CIFAR_SIDE,
    height: CIFAR_SIDE,
    channels: CIFAR_CHANNELS,
    labels: batch.labels.subarray(0, batch.count),
    fixedSplit,
  }))
}

const maxLabel = (batches: readonly CifarBatch[]): number =>
  Math.max(0, ...batches.map((batch) => batch.labels.reduce((max, label) => Math.max(max, label), 0)))

/** Class names from batches.meta.txt when it covers every label, else the label numbers (with a problem). */
async function readClassNames(
  folder: string,
  names: string[],
  classCount: number,
  problems: ImportProblem[],
): Promise<string[]> {
  const numbered = Array.from({ length: classCount }, (_, k) => String(k))
  if (!names.includes(META)) {
    return numbered
  }
  try {
    const classNames = parseCifarMeta(await readFile(join(folder, META), 'utf8'))
    if (classNames.length < classCount) {
      problems.push({
        path: META,
        reason: `names ${classNames.length} classes but the batches use labels up to ${classCount - 1}; ` +
          'classes are numbered instead',
      })
      return numbered
    }
    return classNames
  } catch (error) {
    problems.push({ path: META, reason: `cannot be read: ${(error as Error).message}` })
    return numbered
  }
}

/** The batches as items: data_batch_* (validation is carved from them), then test_batch, fixed to test. */
export async function planCifarFolder(folder: string): Promise<SourcePlan> {
  const names = await listFolder(folder)
  // Numeric order, so data_batch_10 follows data_batch_9 and item paths are stable.
  const trainNames = names.filter((name) => TRAIN_BATCH.test(name))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
  const problems: ImportProblem[] = []
  const train = await readBatches(folder, trainNames, problems)
  if (train.length === 0) {
    const why = problems.length > 0 ? `: ${problems.map((problem) => problem.reason).join('; ')}` : ''
    throw new ValidationError(
      `CIFAR import: ${folder} has no usable training batch (data_batch_1.bin … data_batch_5.bin)${why}`,
    )
  }
  const test = names.includes(TEST_BATCH) ? await readBatches(folder, [TEST_BATCH], problems) : []
  const classNames = await readClassNames(folder, names, Math.max(maxLabel(train), maxLabel(test)) + 1, problems)
  return {
    kind: 'cifar',
    name: basename(folder),
    classNames,
    items: new PixelItemList([...recordsOf(train, -1), ...recordsOf(test, 2)]),
    problems,
    splitOrigin: test.length > 0 ? 'sourceFiles' : 'seeded',
    native: { size: CIFAR_SIDE, colorMode: 'rgb' },
  }
}

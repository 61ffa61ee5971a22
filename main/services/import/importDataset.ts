// Imports a dataset source (image folder, train/ val/ test/ folders, IDX, CIFAR-10, CSV) into a project's
// dataset cache and manifest: scanning, defaults from the data, decoding with the chosen preprocessing (reusing
// unchanged files of the previous import), the stable split, normalisation, the doctor's findings, then the two
// files written atomically. Cancellable at any moment; per-file failures are problems, never errors. The steps
// live in the files beside this one; this file only runs them in order and reports progress.

import { randomBytes } from 'node:crypto'
import { availableParallelism } from 'node:os'
import type { DoctorFinding } from '../../../app/data/doctor'
import type { ImageDataset } from '../../../app/data/imageDataset'
import { resolveSplit } from '../../../app/data/importSettings'
import type { ImportSettingsInput } from '../../../app/data/importSettings'
import { encodeDatasetCacheHead } from '../../../app/formats/datasetCache'
import type { DatasetCacheHeader } from '../../../app/formats/datasetCache'
import { encodeDatasetManifestChunks } from '../../../app/formats/datasetManifestText'
import type { DatasetManifest } from '../../../app/formats/datasetManifest'
import type {
  DatasetKind,
  ImportProgress,
  ImportStatistics,
  SourceSizeStatistics,
} from '../../../app/protocol/studioApi'
import { DatasetStore } from '../datasetStore'
import { DEFAULT_MAX_INPUT_PIXELS } from '../imageDecode'
import { assembleImport } from './assembleImport'
import { decodeItems } from './decodeItems'
import { resolvePreprocessing } from './importDefaults'
import { ImportCancelledError, throwIfCancelled } from './importErrors'
import { ProgressReporter } from './importProgress'
import { planSource } from './planSource'
import { readPreviousImport } from './previousImport'
import { writeDatasetFiles } from './writeImport'

export { ImportCancelledError } from './importErrors'

export type ImportRequest = Readonly<{
  /** Absolute path: a folder (class subfolders, train/ val/ test/, IDX, CIFAR) or a .csv. */
  source: string
  /** Already validated (validateImportSettings). */
  settings: ImportSettingsInput
  datasetId: string
  /** Default: the source's own name (the folder's base name; 'Fashion-MNIST' for its IDX files). */
  name?: string
}>

export type ImportEnvironment = Readonly<{
  projectDir: string
  /** false: analyse only (cnn-studio doctor); nothing on disk changes. */
  write: boolean
  /** Abort -> rejects with ImportCancelledError; the previous cache and manifest stay exactly as they were. */
  signal?: AbortSignal
  /** At most 10 per second, plus a final one. */
  onProgress?: (progress: Omit<ImportProgress, 'importId'>) => void
  /** Decodes in flight; default DEFAULT_IMPORT_CONCURRENCY. */
  concurrency?: number
}>

export type ImportOutcome = Readonly<{
  kind: DatasetKind
  /** The cached images, in memory (the cache's own uint8 size). */
  dataset: ImageDataset
  /** With every optional field set. */
  header: DatasetCacheHeader
  manifest: DatasetManifest
  /** diagnoseDataset over the manifest entries. */
  findings: readonly DoctorFinding[]
  sourceSizes: SourceSizeStatistics | null
  stats: ImportStatistics
}>

/**
 * Decodes in flight by default: twice the cores, at least 8. sharp runs each decode on libuv's thread pool (4
 * threads unless UV_THREADPOOL_SIZE says more), so a few more in flight than threads keeps it fed while files
 * are read; on 5,000 28×28 PNGs, 8 and 16 in flight ran alike and 4 was slower. sharp.concurrency (libvips
 * threads per image) is left alone: 1 on glibc Linux already, and 2 measured no faster on images this small.
 */
export const DEFAULT_IMPORT_CONCURRENCY = Math.max(8, 2 * availableParallelism())

export async function importDataset(request: ImportRequest, env: ImportEnvironment): Promise<ImportOutcome> {
  try {
    return await runImport(request, env)
  } catch (error) {
    if (env.signal?.aborted && !(error instanceof ImportCancelledError)) {
      throw new ImportCancelledError()
    }
    throw error
  }
}

async function runImport(request: ImportRequest, env: ImportEnvironment): Promise<ImportOutcome> {
  const started = performance.now()
  const { signal } = env
  const progress = new ProgressReporter(env.onProgress)
  throwIfCancelled(signal)
  const store = new DatasetStore(env.projectDir)
  const cachePath = store.datasetPath(request.datasetId)
  const manifestPath = store.manifestPath(request.datasetId)

  progress.start('scanning', 0)
  const plan = await planSource(request.source, { signal, onFound: (count) => progress.update(count) })
  const preprocessing = await resolvePreprocessing(plan, request.settings.preprocessing, signal)
  const previous = await readPreviousImport(cachePath, manifestPath, plan.kind, preprocessing)
  throwIfCancelled(signal)

  progress.start('decoding', plan.items.count)
  const decoded = await decodeItems(plan.items, {
    preprocessing,
    previous,
    concurrency: env.concurrency ?? DEFAULT_IMPORT_CONCURRENCY,
    maxInputPixels: DEFAULT_MAX_INPUT_PIXELS,
    signal,
    onDone: (done) => progress.update(done),
  })
  const assembled = assembleImport(plan, decoded, {
    source: request.source,
    name: request.name ?? plan.name,
    importId: randomBytes(8).toString('hex'),
    preprocessing,
    split: resolveSplit(request.settings.split),
  })
  const { dataset, header, manifest } = assembled
  throwIfCancelled(signal)

  if (env.write) {
    const imageBytes = dataset.images.length / Math.max(1, dataset.count)
    progress.start('writing', dataset.count)
    await writeDatasetFiles({
      cachePath,
      manifestPath,
      head: encodeDatasetCacheHead(header, dataset.labels, assembled.splitCodes),
      images: dataset.images,
      manifestChunks: encodeDatasetManifestChunks(manifest),
      signal,
      onImageBytes: (bytes) => progress.update(Math.floor(bytes / imageBytes)),
    })
  }
  progress.finish()
  const stats: ImportStatistics = {
    decoded: decoded.decoded,
    reused: decoded.reused,
    skipped: plan.items.count - dataset.count + plan.problems.length,
    seconds: (performance.now() - started) / 1000,
  }
  const { findings, sourceSizes } = assembled
  return { kind: plan.kind, dataset, header, manifest, findings, sourceSizes, stats }
}

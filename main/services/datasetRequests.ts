// The dataset requests behind the Data screen: import (with progress events and cancel), pages of cached images
// for the grid, and one source file for a clickable doctor path. Parameters arrive from outside (IPC, WebSocket)
// and are validated here. Not the importer itself (import/importDataset.ts) and not the cache codec.

import { readdir } from 'node:fs/promises'
import { basename, isAbsolute, join } from 'node:path'
import type { ImageDataset } from '../../app/data/imageDataset'
import { validateImportSettings } from '../../app/data/importSettings'
import { generateSampleShapes } from '../../app/data/sampleShapes'
import { MAX_IMAGE_PAGE } from '../../app/protocol/studioApi'
import type {
  DatasetImagePage,
  DatasetSummary,
  ImportProgress,
  SourceFileView,
} from '../../app/protocol/studioApi'
import { expectDatasetId } from '../../app/formats/datasetCache'
import { datasetSplitCodes } from '../../app/formats/splitCodes'
import { expectInteger, expectOneOf, expectRecord, expectString, fail } from '../../app/protocol/validate'
import { DatasetStore, datasetIdForFolder } from './datasetStore'
import { summarizeImport, summarizeSample } from './datasetSummary'
import { importDataset } from './import/importDataset'
import { readSourceFile } from './sourceFile'

export const SAMPLE_DATASET_ID = 'sample-shapes'

export type DatasetRequestOptions = Readonly<{
  projectDir: string
  /** Serve mode: where a finished browser upload lives on disk; throws for an unknown or unfinished one. */
  resolveUpload?: (uploadId: string) => string
  publishProgress: (progress: ImportProgress) => void
}>

const IMPORT_ID_PATTERN = /^[A-Za-z0-9-]{1,100}$/

export class DatasetRequests {
  private readonly store: DatasetStore
  private readonly running = new Map<string, AbortController>()
  /** The last dataset read for the grid; pages of one dataset come in runs, so one is enough. */
  private loaded: {
    id: string
    dataset: ImageDataset
    byLabel: Map<number, Int32Array>
    splitCodes: Uint8Array
  } | null = null

  constructor(private readonly options: DatasetRequestOptions) {
    this.store = new DatasetStore(options.projectDir)
  }

  sample(): DatasetSummary {
    const dataset = generateSampleShapes()
    this.remember(SAMPLE_DATASET_ID, dataset)
    return summarizeSample(dataset, SAMPLE_DATASET_ID, { kind: 'sample', name: 'shapes' })
  }

  async import(params: unknown): Promise<DatasetSummary> {
    const record = expectRecord(params, 'datasets:import params')
    const importId = expectString(record.importId, 'datasets:import params.importId', { maxLength: 100 })
    if (!IMPORT_ID_PATTERN.test(importId)) {
      fail('datasets:import params.importId', importId, 'letters, digits and "-", 1 to 100 characters')
    }
    if (this.running.size > 0) {
      throw new Error('Another import is still running: wait for it or cancel it, then import again')
    }
    const settings = validateImportSettings(record.settings, 'datasets:import params.settings')
    const source = await this.sourcePath(record.source)
    const datasetId = datasetIdForFolder(source)
    const controller = new AbortController()
    this.running.set(importId, controller)
    try {
      const outcome = await importDataset(
        { source, settings, datasetId, name: basename(source) },
        {
          projectDir: this.options.projectDir,
          write: true,
          signal: controller.signal,
          onProgress: (progress) => this.options.publishProgress({ importId, ...progress }),
        },
      )
      this.remember(datasetId, outcome.dataset)
      return summarizeImport(outcome, datasetId)
    } finally {
      this.running.delete(importId)
    }
  }

  cancel(params: unknown): { cancelled: boolean } {
    const importId = expectString(expectRecord(params, 'datasets:cancelImport params').importId,
      'datasets:cancelImport params.importId', { maxLength: 100 })
    const controller = this.running.get(importId)
    controller?.abort()
    return { cancelled: controller !== undefined }
  }

  async images(params: unknown): Promise<DatasetImagePage> {
    const record = expectRecord(params, 'datasets:images params')
    const datasetId = expectDatasetId(record.datasetId, 'datasets:images params.datasetId')
    const offset = expectInteger(record.offset, 'datasets:images params.offset', 0, 2 ** 31 - 1)
    const limit = expectInteger(record.limit, 'datasets:images params.limit', 1, MAX_IMAGE_PAGE)
    const { dataset, byLabel, splitCodes } = await this.datasetFor(datasetId)
    let selection: Int32Array | null = null
    if (record.label !== null && record.label !== undefined) {
      const label = expectInteger(record.label, 'datasets:images params.label', 0, dataset.classNames.length - 1)
      selection = byLabel.get(label) ?? indicesOfLabel(dataset, label)
      byLabel.set(label, selection)
    }
    const total = selection?.length ?? dataset.count
    const end = Math.min(total, offset + limit)
    const count = Math.max(0, end - offset)
    const { height, width, channels } = dataset.imageShape
    const imageBytes = height * width * channels
    const indices = new Int32Array(count)
    const labels = new Uint8Array(count)
    const splits = new Uint8Array(count)
    const pixels = new Uint8Array(count * imageBytes)
    for (let i = 0; i < count; i++) {
      const index = selection ? selection[offset + i] : offset + i
      indices[i] = index
      labels[i] = dataset.labels[index]
      splits[i] = splitCodes[index]
      pixels.set(dataset.images.subarray(index * imageBytes, (index + 1) * imageBytes), i * imageBytes)
    }
    return { datasetId, total, offset, indices, labels, splits, imageShape: dataset.imageShape, pixels }
  }

  async sourceFile(params: unknown): Promise<SourceFileView> {
    const record = expectRecord(params, 'datasets:sourceFile params')
    const datasetId = expectDatasetId(record.datasetId, 'datasets:sourceFile params.datasetId')
    const path = expectString(record.path, 'datasets:sourceFile params.path', { maxLength: 4096 })
    return readSourceFile(this.store, datasetId, path)
  }

  private async sourcePath(value: unknown): Promise<string> {
    const source = expectRecord(value, 'datasets:import params.source')
    const kind = expectOneOf(source.kind, 'datasets:import params.source.kind', ['path', 'upload'])
    if (kind === 'path') {
      const path = expectString(source.path, 'datasets:import params.source.path', { maxLength: 4096 })
      if (!isAbsolute(path)) {
        fail('datasets:import params.source.path', path, 'an absolute folder or .csv path')
      }
      return path
    }
    const uploadId = expectString(source.uploadId, 'datasets:import params.source.uploadId', { maxLength: 100 })
    if (!this.options.resolveUpload) {
      throw new Error('This host does not take uploads: open the folder by its path instead')
    }
    return singleTopFolder(this.options.resolveUpload(uploadId))
  }

  private async datasetFor(id: string) {
    if (this.loaded?.id !== id) {
      this.remember(id, id === SAMPLE_DATASET_ID ? generateSampleShapes() : await this.store.load(id))
    }
    return this.loaded!
  }

  private remember(id: string, dataset: ImageDataset): void {
    this.loaded = { id, dataset, byLabel: new Map(), splitCodes: datasetSplitCodes(dataset.splits, dataset.count) }
  }
}

/** A dropped folder "animals" arrives as uploads/<id>/animals/...: import the folder itself, named by it. */
async function singleTopFolder(root: string): Promise<string> {
  const entries = (await readdir(root, { withFileTypes: true })).filter((entry) => !entry.name.startsWith('.'))
  return entries.length === 1 && entries[0].isDirectory() ? join(root, entries[0].name) : root
}

function indicesOfLabel(dataset: ImageDataset, label: number): Int32Array {
  const indices: number[] = []
  for (let i = 0; i < dataset.count; i++) {
    if (dataset.labels[i] === label) {
      indices.push(i)
    }
  }
  return Int32Array.from(indices)
}

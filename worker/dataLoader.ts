// Gives the trainer its dataset from a DataSourceRef: the built-in sample, generated in place, or a dataset
// cache inside the project folder, read with node:fs and decoded by app/formats/datasetCache.ts, with the
// normalisation its header records (the one the Data screen shows). The host (main/services/datasetStore.ts
// and the importer) writes those caches; this file only reads them and never imports main/.

import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ImageDataset, Normalization } from '../app/data/imageDataset'
import { generateSampleShapes } from '../app/data/sampleShapes'
import { datasetCacheRelativePath, decodeDatasetCacheWithHeader, expectDatasetId } from '../app/formats/datasetCache'
import type { DataSourceRef } from '../app/protocol/trainerProtocol'

/** The images, and the normalisation the dataset was imported with (null: the trainer computes it). */
export type LoadedDataset = Readonly<{ dataset: ImageDataset; normalization: Normalization | null }>

export async function loadDataset(source: DataSourceRef, projectDir: string | null): Promise<LoadedDataset> {
  switch (source.kind) {
    case 'sample':
      return { dataset: generateSampleShapes(), normalization: null }
    case 'cache':
      return loadCachedDataset(expectDatasetId(source.id, 'data.id'), projectDir)
  }
}

async function loadCachedDataset(id: string, projectDir: string | null): Promise<LoadedDataset> {
  if (projectDir === null) {
    throw new Error(`dataset '${id}' is a cache in a project folder, but the trainer was started without --project`)
  }
  const path = join(projectDir, ...datasetCacheRelativePath(id).split('/'))
  let bytes: Uint8Array
  try {
    const buffer = await readFile(path)
    bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
  } catch (error) {
    const isMissing = (error as NodeJS.ErrnoException).code === 'ENOENT'
    throw new Error(
      isMissing
        ? `dataset '${id}' is not in the project (looked for ${path}); import its images again`
        : `reading dataset '${id}' from ${path} failed: ${(error as Error).message}`,
      { cause: error },
    )
  }
  try {
    const { dataset, header } = decodeDatasetCacheWithHeader(bytes)
    return { dataset, normalization: header.normalization ?? null }
  } catch (error) {
    throw new Error(`loading dataset '${id}' from ${path}: ${(error as Error).message}`, { cause: error })
  }
}

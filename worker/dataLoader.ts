// Gives the trainer its dataset from a DataSourceRef: the built-in sample, generated in place, or a dataset
// cache inside the project folder, read with node:fs and decoded by app/formats/datasetCache.ts. The host
// (main/services/datasetStore.ts) writes those caches; this file only reads them and never imports main/.

import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ImageDataset } from '../app/data/imageDataset'
import { generateSampleShapes } from '../app/data/sampleShapes'
import { datasetCacheRelativePath, decodeDatasetCache, expectDatasetId } from '../app/formats/datasetCache'
import type { DataSourceRef } from '../app/protocol/trainerProtocol'

export async function loadDataset(source: DataSourceRef, projectDir: string | null): Promise<ImageDataset> {
  switch (source.kind) {
    case 'sample':
      return generateSampleShapes()
    case 'cache':
      return loadCachedDataset(expectDatasetId(source.id, 'data.id'), projectDir)
  }
}

async function loadCachedDataset(id: string, projectDir: string | null): Promise<ImageDataset> {
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
    return decodeDatasetCache(bytes)
  } catch (error) {
    throw new Error(`loading dataset '${id}' from ${path}: ${(error as Error).message}`, { cause: error })
  }
}

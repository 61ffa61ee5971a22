// Dataset files on disk inside a project: <projectDir>/datasets/<id>/dataset.cnnds (the cache) and manifest.json
// (where each image came from). Where they live, loading them, and the one-shot save of a dataset built in memory
// (the sample); writes are atomic (temporary file, fsync, rename). Not the importer (main/services/import, which
// writes both files itself so the images are never copied) and not the codecs (app/formats).

import { createHash } from 'node:crypto'
import { mkdir, readFile } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import type { ImageDataset } from '../../app/data/imageDataset'
import {
  datasetCacheRelativePath,
  decodeDatasetCacheWithHeader,
  encodeDatasetCache,
} from '../../app/formats/datasetCache'
import type { DatasetCacheHeader } from '../../app/formats/datasetCache'
import {
  datasetManifestRelativePath,
  decodeDatasetManifest,
  isManifestOfCache,
} from '../../app/formats/datasetManifest'
import type { DatasetManifest } from '../../app/formats/datasetManifest'
import { writeFileAtomic } from './writeFileAtomic'

export type LoadedDataset = Readonly<{ dataset: ImageDataset; header: DatasetCacheHeader }>

export class DatasetStore {
  constructor(private readonly projectDir: string) {}

  /** <projectDir>/datasets/<id>/dataset.cnnds; throws if id is not a dataset id (no path tricks). */
  datasetPath(id: string): string {
    return join(this.projectDir, ...datasetCacheRelativePath(id).split('/'))
  }

  /** <projectDir>/datasets/<id>/manifest.json. */
  manifestPath(id: string): string {
    return join(this.projectDir, ...datasetManifestRelativePath(id).split('/'))
  }

  async save(id: string, dataset: ImageDataset, source: string): Promise<void> {
    const path = this.datasetPath(id)
    const bytes = encodeDatasetCache(dataset, source)
    try {
      await mkdir(dirname(path), { recursive: true })
      await writeFileAtomic(path, bytes)
    } catch (error) {
      throw new Error(`Saving dataset '${id}' to ${path} failed: ${(error as Error).message}`, { cause: error })
    }
  }

  async load(id: string): Promise<ImageDataset> {
    return (await this.loadWithHeader(id)).dataset
  }

  /** The dataset and its header (settings, normalisation); throws saying which dataset and what is wrong. */
  async loadWithHeader(id: string): Promise<LoadedDataset> {
    const path = this.datasetPath(id)
    let bytes: Uint8Array
    try {
      const buffer = await readFile(path)
      // A plain Uint8Array view (no copy): Buffer's slice() shares memory where Uint8Array's copies.
      bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
    } catch (error) {
      const isMissing = (error as NodeJS.ErrnoException).code === 'ENOENT'
      throw new Error(
        isMissing
          ? `No dataset '${id}' in this project (looked for ${path}); import its images again`
          : `Reading dataset '${id}' from ${path} failed: ${(error as Error).message}`,
        { cause: error },
      )
    }
    try {
      return decodeDatasetCacheWithHeader(bytes)
    } catch (error) {
      throw new Error(`Loading dataset '${id}' from ${path}: ${(error as Error).message}`, { cause: error })
    }
  }

  /** The manifest that belongs to this header (same importId), or null when it is missing, damaged or stale. */
  async readManifest(id: string, header: DatasetCacheHeader): Promise<DatasetManifest | null> {
    try {
      const path = this.manifestPath(id)
      const manifest = decodeDatasetManifest(await readFile(path, 'utf8'), path)
      return isManifestOfCache(manifest, header) ? manifest : null
    } catch {
      return null // no manifest (a dataset saved whole, or an older import): the caller shows what the cache has
    }
  }
}

/**
 * A stable id for a folder: a readable slug of its name plus 8 hex digits of a hash of its absolute path,
 * e.g. "/home/me/Pictures/Cats & Dogs" -> "cats-dogs-1a2b3c4d". Same folder, same id; safe as a folder name.
 */
export function datasetIdForFolder(folder: string): string {
  const absolute = resolve(folder)
  const slug = basename(absolute)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '')
  const hash = createHash('sha256').update(absolute).digest('hex').slice(0, 8)
  return `${slug || 'dataset'}-${hash}`
}

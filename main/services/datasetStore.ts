// Dataset caches on disk inside a project: <projectDir>/datasets/<id>/dataset.cnnds. Writes are atomic (temp
// file, fsync, rename, fsync of the folder), so a crash or a full disk leaves the old cache or the new one,
// never half of either. Not an importer (imageFolderImport.ts) and not the codec (app/formats/datasetCache.ts).

import { createHash } from 'node:crypto'
import { mkdir, readFile } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import type { ImageDataset } from '../../app/data/imageDataset'
import { datasetCacheRelativePath, decodeDatasetCache, encodeDatasetCache } from '../../app/formats/datasetCache'
import { writeFileAtomic } from './writeFileAtomic'

export class DatasetStore {
  constructor(private readonly projectDir: string) {}

  /** <projectDir>/datasets/<id>/dataset.cnnds; throws if id is not a dataset id (no path tricks). */
  datasetPath(id: string): string {
    return join(this.projectDir, ...datasetCacheRelativePath(id).split('/'))
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
      return decodeDatasetCache(bytes)
    } catch (error) {
      throw new Error(`Loading dataset '${id}' from ${path}: ${(error as Error).message}`, { cause: error })
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

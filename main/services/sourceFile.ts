// One original file of an imported dataset, for the doctor's clickable paths: only files the dataset's manifest
// names (an image in the cache or a skipped file) can be read, so a request can never reach anything else on disk.

import { readFile, stat } from 'node:fs/promises'
import { dirname, extname, join } from 'node:path'
import { decodeDatasetManifest } from '../../app/formats/datasetManifest'
import type { DatasetManifest } from '../../app/formats/datasetManifest'
import type { SourceFileView } from '../../app/protocol/studioApi'
import type { DatasetStore } from './datasetStore'

const MAX_FILE_BYTES = 16 * 1024 * 1024

/** What a browser shows as an <img>; anything else is described, not shown. */
const BROWSER_IMAGE_TYPES: Readonly<Record<string, string>> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.jfif': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.avif': 'image/avif',
  '.bmp': 'image/bmp',
  '.dib': 'image/bmp',
}

export async function readSourceFile(store: DatasetStore, datasetId: string, path: string): Promise<SourceFileView> {
  const manifest = await loadManifest(store, datasetId)
  const entry = manifest.entries.paths.indexOf(path)
  const problem = manifest.problems.find((candidate) => candidate.path === path)
  if (entry < 0 && !problem) {
    throw new Error(`'${path}' is not a file of dataset '${datasetId}': choose a path from its report`)
  }
  // A CSV's paths are relative to the CSV's folder; everything else is relative to the imported folder.
  const base = manifest.kind === 'csv' ? dirname(manifest.source) : manifest.source
  // IDX and CIFAR items ("file#index") live inside a container file: there is nothing to show on its own.
  const isContainerItem = (manifest.kind === 'idx' || manifest.kind === 'cifar') && path.includes('#')
  const absolutePath = join(base, ...(isContainerItem ? path.split('#')[0] : path).split('/'))
  const view = {
    path,
    absolutePath,
    problem: problem?.reason ?? null,
    index: entry >= 0 ? manifest.entries.indices[entry] : -1,
  }
  const mimeType = isContainerItem ? undefined : BROWSER_IMAGE_TYPES[extname(path).toLowerCase()]
  const byteLength = await sizeOf(absolutePath)
  if (mimeType === undefined || byteLength === null || byteLength > MAX_FILE_BYTES) {
    return { ...view, byteLength: byteLength ?? 0, mimeType: null, bytes: null }
  }
  const bytes = await readFile(absolutePath).catch(() => null)
  return bytes === null
    ? { ...view, byteLength, mimeType: null, bytes: null }
    : { ...view, byteLength, mimeType, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) }
}

async function sizeOf(path: string): Promise<number | null> {
  return stat(path).then((info) => (info.isFile() ? info.size : null), () => null)
}

async function loadManifest(store: DatasetStore, datasetId: string): Promise<DatasetManifest> {
  const path = store.manifestPath(datasetId)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    const isMissing = (error as NodeJS.ErrnoException).code === 'ENOENT'
    throw new Error(
      isMissing
        ? `Dataset '${datasetId}' has no file list (looked for ${path}); import its images again`
        : `Reading ${path} failed: ${(error as Error).message}`,
      { cause: error },
    )
  }
  return decodeDatasetManifest(text, path)
}

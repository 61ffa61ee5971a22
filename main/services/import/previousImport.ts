// What an incremental re-import may take from the dataset already on disk: the previous cache's entries by path,
// when its cache and manifest belong to the same import and were made with the same preprocessing; and the
// copying of the reused images out of the old cache file in contiguous runs through a file handle, never by
// loading the whole file. Anything unexpected (missing, stale, damaged) means no reuse, never an error.

import { open, readFile } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { channelsOf } from '../../../app/data/importSettings'
import type { Preprocessing } from '../../../app/data/importSettings'
import type { DatasetKind } from '../../../app/protocol/studioApi'
import {
  DATASET_CACHE_PREAMBLE_BYTES,
  datasetCacheHeaderEnd,
  readDatasetCacheHeader,
} from '../../../app/formats/datasetCache'
import { decodeDatasetManifest, isManifestOfCache } from '../../../app/formats/datasetManifest'
import type { ManifestEntries } from '../../../app/formats/manifestEntries'
import { PackedStringIndex } from '../../../app/formats/packedStrings'
import { throwIfCancelled } from './importErrors'

export type PreviousImport = Readonly<{
  cachePath: string
  /** Where image 0 starts in the cache file. */
  imagesOffset: number
  imageBytes: number
  /** The previous manifest's entries, column by column. */
  entries: ManifestEntries
  /** Finds an entry by path (the first, if a path was listed twice). */
  byPath: PackedStringIndex
}>

/** The previous import's entry for `path` when its byte length and modification time are unchanged; else -1. */
export function unchangedEntry(
  previous: PreviousImport | null,
  path: string,
  byteLength: number,
  mtimeMs: number,
): number {
  if (previous === null) {
    return -1
  }
  const k = previous.byPath.find(path)
  const { byteLengths, mtimesMs } = previous.entries
  return k >= 0 && byteLengths[k] === byteLength && mtimesMs[k] === mtimeMs ? k : -1
}

/** Reads at most this much per read call when copying reused images. */
const MAX_RUN_BYTES = 8 * 1024 * 1024

function isSamePreprocessing(a: Preprocessing, b: Preprocessing): boolean {
  return a.size === b.size && a.colorMode === b.colorMode && a.resizeMode === b.resizeMode
}

async function readAt(handle: FileHandle, target: Uint8Array, offset: number, length: number, position: number) {
  let done = 0
  while (done < length) {
    const { bytesRead } = await handle.read(target, offset + done, length - done, position + done)
    if (bytesRead === 0) {
      const expected = position + length
      throw new Error(`the previous dataset cache ended at byte ${position + done}, expected ${expected}`)
    }
    done += bytesRead
  }
}

/** The previous import of the same kind and preprocessing at these paths, or null (nothing to reuse). */
export async function readPreviousImport(
  cachePath: string,
  manifestPath: string,
  kind: DatasetKind,
  preprocessing: Preprocessing,
): Promise<PreviousImport | null> {
  let handle: FileHandle
  try {
    handle = await open(cachePath, 'r')
  } catch {
    return null
  }
  try {
    const preamble = new Uint8Array(DATASET_CACHE_PREAMBLE_BYTES)
    await readAt(handle, preamble, 0, preamble.length, 0)
    const head = new Uint8Array(datasetCacheHeaderEnd(preamble))
    await readAt(handle, head, 0, head.length, 0)
    const header = readDatasetCacheHeader(head)
    if (header.importId === undefined || header.preprocessing === undefined || header.kind !== kind
      || !isSamePreprocessing(header.preprocessing, preprocessing)) {
      return null
    }
    const imageBytes = preprocessing.size * preprocessing.size * channelsOf(preprocessing.colorMode)
    const imagesOffset = head.length + 2 * header.count
    if ((await handle.stat()).size !== imagesOffset + header.count * imageBytes) {
      return null
    }
    const manifest = decodeDatasetManifest(await readFile(manifestPath, 'utf8'), manifestPath)
    if (!isManifestOfCache(manifest, header)) {
      return null
    }
    const { entries } = manifest
    return { cachePath, imagesOffset, imageBytes, entries, byPath: new PackedStringIndex(entries.paths) }
  } catch {
    return null // missing manifest, damaged or older files: import everything afresh
  } finally {
    await handle.close()
  }
}

/**
 * Copies image reuseFrom[slot] of the previous cache into images at slot, for every slot with reuseFrom >= 0.
 * Consecutive slots taking consecutive old images are read with one call (up to 8 MB).
 */
export async function copyReusedImages(
  previous: Pick<PreviousImport, 'cachePath' | 'imagesOffset' | 'imageBytes'>,
  reuseFrom: Int32Array,
  images: Uint8Array,
  signal?: AbortSignal,
): Promise<void> {
  const { imageBytes, imagesOffset } = previous
  const runLimit = Math.max(1, Math.floor(MAX_RUN_BYTES / imageBytes))
  const handle = await open(previous.cachePath, 'r')
  try {
    let slot = 0
    while (slot < reuseFrom.length) {
      if (reuseFrom[slot] < 0) {
        slot++
        continue
      }
      throwIfCancelled(signal)
      let end = slot + 1
      while (end < reuseFrom.length && end - slot < runLimit && reuseFrom[end] === reuseFrom[end - 1] + 1) {
        end++
      }
      const length = (end - slot) * imageBytes
      await readAt(handle, images, slot * imageBytes, length, imagesOffset + reuseFrom[slot] * imageBytes)
      slot = end
    }
  } finally {
    await handle.close()
  }
}

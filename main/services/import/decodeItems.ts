// The decoding phase of an import: every planned item becomes size × size pixels in one array (slot i holds
// item i), with its SHA-256 content hash, perceptual hash and source size. Files are read once each, many in
// flight so sharp's thread pool keeps every core busy, and only those few files' bytes are held at any moment.
// Items unchanged since the previous import (same path, byte length and modification time) are copied from the
// old cache instead of decoded. A file that fails becomes a problem, never an error.

import { createHash } from 'node:crypto'
import type { Stats } from 'node:fs'
import { open, stat } from 'node:fs/promises'
import { channelsOf } from '../../../app/data/importSettings'
import type { Preprocessing } from '../../../app/data/importSettings'
import { differenceHash } from '../../../app/data/perceptualHash'
import { formatPerceptualHash } from '../../../app/formats/datasetManifest'
import type { ManifestEntry } from '../../../app/formats/datasetManifest'
import { decodeImage, describeDecodeError, preprocessPixels } from '../imageDecode'
import { throwIfCancelled } from './importErrors'
import { copyReusedImages } from './previousImport'
import type { PreviousImport } from './previousImport'
import { forEachLimited } from './runLimited'
import type { FileItem, ImportProblem, PixelItem, PlannedItem } from './sourcePlan'

export const ITEM_FAILED = 0
export const ITEM_DECODED = 1
export const ITEM_REUSED = 2

/** Per item, indexed like the plan's items; images holds items.length slots of size × size × channels. */
export type DecodedItems = Readonly<{
  images: Uint8Array
  /** ITEM_FAILED, ITEM_DECODED or ITEM_REUSED. */
  status: Uint8Array
  contentHashes: string[]
  perceptualHashes: string[]
  widths: Int32Array
  heights: Int32Array
  byteLengths: Float64Array
  mtimesMs: Float64Array
  /** In item order. */
  problems: ImportProblem[]
  decoded: number
  reused: number
}>

export type DecodeItemsOptions = Readonly<{
  preprocessing: Preprocessing
  previous: PreviousImport | null
  concurrency: number
  maxInputPixels: number
  signal?: AbortSignal
  onDone?: (done: number) => void
}>

/** What one item gave: new pixels, or (pixels null) the index of its image in the previous cache. */
type ItemResult = Readonly<{
  pixels: Uint8Array | null
  reuseFrom: number
  contentHash: string
  perceptualHash: string | null
  width: number
  height: number
  byteLength: number
  mtimeMs: number
}>

type FileRead = Readonly<{ info: Stats; reuse: ManifestEntry | null; bytes: Uint8Array }>

function isUnchanged(old: ManifestEntry | undefined, byteLength: number, mtimeMs: number): old is ManifestEntry {
  return old !== undefined && old.byteLength === byteLength && old.mtimeMs === mtimeMs
}

function reused(old: ManifestEntry, byteLength: number, mtimeMs: number): ItemResult {
  const { contentHash, perceptualHash, width, height, index } = old
  return { pixels: null, reuseFrom: index, contentHash, perceptualHash, width, height, byteLength, mtimeMs }
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/**
 * The file's stat, then (unless the previous import has it unchanged) its bytes through one handle: four
 * thread-pool round trips for a decode, one for a reuse.
 */
async function readFileItem(item: FileItem, previous: PreviousImport | null): Promise<FileRead> {
  const info = await stat(item.absolutePath)
  if (!info.isFile()) {
    throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' })
  }
  const old = previous?.entries.get(item.path)
  if (isUnchanged(old, info.size, info.mtimeMs)) {
    return { info, reuse: old, bytes: new Uint8Array(0) }
  }
  const handle = await open(item.absolutePath, 'r')
  try {
    const bytes = Buffer.allocUnsafe(info.size)
    let length = 0
    while (length < bytes.length) {
      const { bytesRead } = await handle.read(bytes, length, bytes.length - length, length)
      if (bytesRead === 0) {
        break // the file shrank since its stat: decode what is there
      }
      length += bytesRead
    }
    return { info, reuse: null, bytes: bytes.subarray(0, length) }
  } finally {
    await handle.close()
  }
}

async function decodeFileItem(item: FileItem, options: DecodeItemsOptions): Promise<ItemResult> {
  const { info, reuse, bytes } = await readFileItem(item, options.previous)
  const byteLength = info.size
  const mtimeMs = info.mtimeMs
  if (reuse !== null) {
    return reused(reuse, byteLength, mtimeMs)
  }
  const image = await decodeImage(bytes, options.preprocessing, options.maxInputPixels)
  return { ...image, reuseFrom: -1, contentHash: sha256(bytes), perceptualHash: null, byteLength, mtimeMs }
}

async function decodePixelItem(item: PixelItem, options: DecodeItemsOptions): Promise<ItemResult> {
  const { pixels: source, width, height, channels, mtimeMs } = item
  const byteLength = source.length
  const old = options.previous?.entries.get(item.path)
  if (isUnchanged(old, byteLength, mtimeMs)) {
    return reused(old, byteLength, mtimeMs)
  }
  const pixels = await preprocessPixels(source, width, height, channels, options.preprocessing)
  const contentHash = sha256(source)
  return { pixels, reuseFrom: -1, contentHash, perceptualHash: null, width, height, byteLength, mtimeMs }
}

function problemOf(item: PlannedItem, error: unknown, maxInputPixels: number): ImportProblem {
  const reason = describeDecodeError(error, maxInputPixels)
  const origin = item.source === 'file' ? item.origin : undefined
  return { path: item.path, reason: origin === undefined ? reason : `${origin}: ${reason}` }
}

const YIELD_EVERY = 256

/** Decodes (or reuses) every item; rejects only with ImportCancelledError or an error reading the old cache. */
export async function decodeItems(
  items: readonly PlannedItem[],
  options: DecodeItemsOptions,
): Promise<DecodedItems> {
  const { preprocessing, previous, signal } = options
  const { size } = preprocessing
  const channels = channelsOf(preprocessing.colorMode)
  const imageBytes = size * size * channels
  const count = items.length
  const result = {
    images: new Uint8Array(count * imageBytes),
    status: new Uint8Array(count),
    contentHashes: new Array<string>(count).fill(''),
    perceptualHashes: new Array<string>(count).fill(''),
    widths: new Int32Array(count),
    heights: new Int32Array(count),
    byteLengths: new Float64Array(count),
    mtimesMs: new Float64Array(count),
  }
  const reuseFrom = new Int32Array(count).fill(-1)
  const failures: (ImportProblem | undefined)[] = new Array(count)
  let done = 0
  await forEachLimited(count, options.concurrency, async (slot) => {
    // IDX and CIFAR items at their native size never wait for I/O: without this the loop would hold the event
    // loop for the whole import, so neither progress, a cancel nor Ctrl-C could get through.
    if (slot % YIELD_EVERY === 0) {
      await new Promise((resolve) => setImmediate(resolve))
    }
    throwIfCancelled(signal)
    const item = items[slot]
    try {
      const decoded = item.source === 'file'
        ? await decodeFileItem(item, options)
        : await decodePixelItem(item, options)
      if (decoded.pixels !== null) {
        result.images.set(decoded.pixels, slot * imageBytes)
      }
      result.status[slot] = decoded.pixels === null ? ITEM_REUSED : ITEM_DECODED
      reuseFrom[slot] = decoded.reuseFrom
      result.contentHashes[slot] = decoded.contentHash
      result.perceptualHashes[slot] = decoded.perceptualHash
        ?? formatPerceptualHash(differenceHash(decoded.pixels as Uint8Array, size, size, channels))
      result.widths[slot] = decoded.width
      result.heights[slot] = decoded.height
      result.byteLengths[slot] = decoded.byteLength
      result.mtimesMs[slot] = decoded.mtimeMs
    } catch (error) {
      failures[slot] = problemOf(item, error, options.maxInputPixels)
    }
    options.onDone?.(++done)
  })
  throwIfCancelled(signal)
  const reusedCount = result.status.filter((code) => code === ITEM_REUSED).length
  if (previous !== null && reusedCount > 0) {
    await copyReusedImages(previous, reuseFrom, result.images, signal)
  }
  return {
    ...result,
    problems: failures.filter((problem): problem is ImportProblem => problem !== undefined),
    decoded: result.status.filter((code) => code === ITEM_DECODED).length,
    reused: reusedCount,
  }
}

// The decoding phase of an import: every planned item becomes size × size pixels in one array (slot i holds
// item i), with its SHA-256 content hash, perceptual hash and source size. Files are read once each, many in
// flight so sharp's thread pool keeps every core busy, and only those few files' bytes are held at any moment.
// Items unchanged since the previous import (same path, byte length and modification time) are copied from the
// old cache instead of decoded. A file that fails becomes a problem, never an error.

import { createHash } from 'node:crypto'
import { open, stat } from 'node:fs/promises'
import { channelsOf } from '../../../app/data/importSettings'
import type { Preprocessing } from '../../../app/data/importSettings'
import { differenceHash } from '../../../app/data/perceptualHash'
import { CONTENT_HASH_BYTES } from '../../../app/formats/manifestEntries'
import { decodeImage, describeDecodeError, preprocessPixels } from '../imageDecode'
import { throwIfCancelled } from './importErrors'
import type { PlanItems } from './planItems'
import { copyReusedImages, unchangedEntry } from './previousImport'
import type { PreviousImport } from './previousImport'
import { forEachLimited } from './runLimited'
import type { FileItem, ImportProblem, PixelItem, PlannedItem } from './sourcePlan'

export const ITEM_FAILED = 0
export const ITEM_DECODED = 1
export const ITEM_REUSED = 2

/**
 * Per item, indexed like the plan's items, in typed arrays (no object or string per item: see planItems.ts);
 * images holds items.count slots of size × size × channels.
 */
export type DecodedItems = Readonly<{
  images: Uint8Array
  /** ITEM_FAILED, ITEM_DECODED or ITEM_REUSED. */
  status: Uint8Array
  /** SHA-256 of each item's source bytes, CONTENT_HASH_BYTES per item. */
  contentHashes: Uint8Array
  /** dHash of each preprocessed image: high word, low word. */
  perceptualHashes: Uint32Array
  widths: Uint32Array
  heights: Uint32Array
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

/** What one item gave: new pixels and their hash, or (pixels null) its entry in the previous import. */
type ItemResult = Readonly<{
  pixels: Uint8Array | null
  /** The previous manifest's entry for a reused item; -1 otherwise. */
  previousEntry: number
  contentHash: Uint8Array | null
  width: number
  height: number
  byteLength: number
  mtimeMs: number
}>

function reused(previousEntry: number, byteLength: number, mtimeMs: number): ItemResult {
  return { pixels: null, previousEntry, contentHash: null, width: 0, height: 0, byteLength, mtimeMs }
}

function sha256(bytes: Uint8Array): Uint8Array {
  return createHash('sha256').update(bytes).digest()
}

/**
 * The file's stat, then (unless the previous import has it unchanged) its bytes through one handle: four
 * thread-pool round trips for a decode, one for a reuse.
 */
async function decodeFileItem(item: FileItem, options: DecodeItemsOptions): Promise<ItemResult> {
  const info = await stat(item.absolutePath)
  if (!info.isFile()) {
    throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' })
  }
  const { size: byteLength, mtimeMs } = info
  const previousEntry = unchangedEntry(options.previous, item.path, byteLength, mtimeMs)
  if (previousEntry >= 0) {
    return reused(previousEntry, byteLength, mtimeMs)
  }
  const bytes = await readWhole(item.absolutePath, byteLength)
  const image = await decodeImage(bytes, options.preprocessing, options.maxInputPixels)
  return { ...image, previousEntry: -1, contentHash: sha256(bytes), byteLength, mtimeMs }
}

async function readWhole(path: string, expectedLength: number): Promise<Uint8Array> {
  const handle = await open(path, 'r')
  try {
    const bytes = Buffer.allocUnsafe(expectedLength)
    let length = 0
    while (length < bytes.length) {
      const { bytesRead } = await handle.read(bytes, length, bytes.length - length, length)
      if (bytesRead === 0) {
        break // the file shrank since its stat: decode what is there
      }
      length += bytesRead
    }
    return bytes.subarray(0, length)
  } finally {
    await handle.close()
  }
}

async function decodePixelItem(item: PixelItem, options: DecodeItemsOptions): Promise<ItemResult> {
  const { pixels: source, width, height, channels, mtimeMs } = item
  const byteLength = source.length
  const previousEntry = unchangedEntry(options.previous, item.path, byteLength, mtimeMs)
  if (previousEntry >= 0) {
    return reused(previousEntry, byteLength, mtimeMs)
  }
  const pixels = await preprocessPixels(source, width, height, channels, options.preprocessing)
  return { pixels, previousEntry: -1, contentHash: sha256(source), width, height, byteLength, mtimeMs }
}

function problemOf(item: PlannedItem, error: unknown, maxInputPixels: number): ImportProblem {
  const reason = describeDecodeError(error, maxInputPixels)
  const origin = item.source === 'file' ? item.origin : undefined
  return { path: item.path, reason: origin === undefined ? reason : `${origin}: ${reason}` }
}

const YIELD_EVERY = 256

/** Decodes (or reuses) every item; rejects only with ImportCancelledError or an error reading the old cache. */
export async function decodeItems(items: PlanItems, options: DecodeItemsOptions): Promise<DecodedItems> {
  const { preprocessing, previous, signal } = options
  const { size } = preprocessing
  const channels = channelsOf(preprocessing.colorMode)
  const imageBytes = size * size * channels
  const count = items.count
  const result = {
    images: new Uint8Array(count * imageBytes),
    status: new Uint8Array(count),
    contentHashes: new Uint8Array(count * CONTENT_HASH_BYTES),
    perceptualHashes: new Uint32Array(2 * count),
    widths: new Uint32Array(count),
    heights: new Uint32Array(count),
    byteLengths: new Float64Array(count),
    mtimesMs: new Float64Array(count),
  }
  const reuseFrom = new Int32Array(count).fill(-1)
  const failures = new Map<number, ImportProblem>()
  let done = 0
  const store = (slot: number, decoded: ItemResult) => {
    result.byteLengths[slot] = decoded.byteLength
    result.mtimesMs[slot] = decoded.mtimeMs
    if (decoded.pixels === null) {
      const old = (previous as PreviousImport).entries
      const k = decoded.previousEntry
      result.status[slot] = ITEM_REUSED
      reuseFrom[slot] = old.indices[k]
      result.contentHashes.set(old.contentHashes.subarray(k * CONTENT_HASH_BYTES, (k + 1) * CONTENT_HASH_BYTES),
        slot * CONTENT_HASH_BYTES)
      result.perceptualHashes.set(old.perceptualHashes.subarray(2 * k, 2 * k + 2), 2 * slot)
      result.widths[slot] = old.widths[k]
      result.heights[slot] = old.heights[k]
      return
    }
    result.images.set(decoded.pixels, slot * imageBytes)
    result.status[slot] = ITEM_DECODED
    result.contentHashes.set(decoded.contentHash as Uint8Array, slot * CONTENT_HASH_BYTES)
    const hash = differenceHash(decoded.pixels, size, size, channels)
    result.perceptualHashes[2 * slot] = hash.high
    result.perceptualHashes[2 * slot + 1] = hash.low
    result.widths[slot] = decoded.width
    result.heights[slot] = decoded.height
  }
  await forEachLimited(count, options.concurrency, async (slot) => {
    // IDX and CIFAR items at their native size never wait for I/O: without this the loop would hold the event
    // loop for the whole import, so neither progress, a cancel nor Ctrl-C could get through.
    if (slot % YIELD_EVERY === 0) {
      await new Promise((resolve) => setImmediate(resolve))
    }
    throwIfCancelled(signal)
    const item = items.at(slot)
    try {
      store(slot, item.source === 'file' ? await decodeFileItem(item, options) : await decodePixelItem(item, options))
    } catch (error) {
      failures.set(slot, problemOf(item, error, options.maxInputPixels))
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
    problems: [...failures.keys()].sort((a, b) => a - b).map((slot) => failures.get(slot) as ImportProblem),
    decoded: result.status.filter((code) => code === ITEM_DECODED).length,
    reused: reusedCount,
  }
}

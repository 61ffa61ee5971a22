// Fills the preprocessing settings a person left out from the data itself: the input size is the median short
// side of up to 256 files sampled evenly across the source (clamped to 8..64, small enough to train on a CPU),
// grey when every sampled image is grey, squash resizing. IDX and CIFAR keep their own size and colour.

import { readFile } from 'node:fs/promises'
import { DEFAULT_RESIZE_MODE } from '../../../app/data/importSettings'
import type { ColorMode, Preprocessing } from '../../../app/data/importSettings'
import { probeImage } from '../imageDecode'
import { throwIfCancelled } from './importErrors'
import { forEachLimited } from './runLimited'
import type { PlanItems } from './planItems'
import type { FileItem, SourcePlan } from './sourcePlan'

export const MAX_SAMPLED_FILES = 256
export const MIN_DEFAULT_SIZE = 8
export const MAX_DEFAULT_SIZE = 64
/** When no sampled file can be read (the import will then report every file). */
const FALLBACK = { size: 32, colorMode: 'rgb' } as const
const SAMPLING_CONCURRENCY = 8

/** Up to `limit` positions spread evenly over 0..count-1 (first, ..., near the last). */
export function sampleEvenly(count: number, limit: number): number[] {
  return Array.from({ length: Math.min(count, limit) }, (_, i) => Math.floor((i * count) / Math.min(count, limit)))
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** Size and colour mode from the sampled files' headers (unreadable samples are ignored here). */
async function sampleDefaults(
  files: PlanItems,
  signal: AbortSignal | undefined,
): Promise<{ size: number; colorMode: ColorMode }> {
  const sample = sampleEvenly(files.count, MAX_SAMPLED_FILES).map((index) => files.at(index) as FileItem)
  const shortSides: number[] = []
  let isAllGrey = true
  await forEachLimited(sample.length, SAMPLING_CONCURRENCY, async (index) => {
    throwIfCancelled(signal)
    try {
      const { width, height, channels } = await probeImage(await readFile(sample[index].absolutePath))
      shortSides.push(Math.min(width, height))
      isAllGrey &&= channels <= 2
    } catch {
      // An unreadable file says nothing about the others; the import reports it with its reason.
    }
  })
  throwIfCancelled(signal)
  if (shortSides.length === 0) {
    return FALLBACK
  }
  const size = Math.min(MAX_DEFAULT_SIZE, Math.max(MIN_DEFAULT_SIZE, Math.round(median(shortSides))))
  return { size, colorMode: isAllGrey ? 'grayscale' : 'rgb' }
}

/** The preprocessing to import with: what the person chose, the rest from the data. */
export async function resolvePreprocessing(
  plan: SourcePlan,
  chosen: Partial<Preprocessing> | undefined,
  signal?: AbortSignal,
): Promise<Preprocessing> {
  const resizeMode = chosen?.resizeMode ?? DEFAULT_RESIZE_MODE
  if (chosen?.size !== undefined && chosen.colorMode !== undefined) {
    return { size: chosen.size, colorMode: chosen.colorMode, resizeMode }
  }
  // Only image files need sampling: IDX and CIFAR plans say their own size and colour (plan.native).
  const defaults = plan.native ?? (await sampleDefaults(plan.items, signal))
  return { size: chosen?.size ?? defaults.size, colorMode: chosen?.colorMode ?? defaults.colorMode, resizeMode }
}

// Statistics of the source images' sizes before resizing (smallest, median, largest width and height, and the
// most frequent sizes), shown beside the preprocessing so a person can see what the chosen input size does to
// their images. Pure.

import type { SourceSizeStatistics } from '../../../app/protocol/studioApi'

const MAX_COMMON_SIZES = 5

function spread(values: Int32Array | Uint32Array): { min: number; median: number; max: number } {
  const sorted = Int32Array.from(values).sort()
  const middle = sorted.length >> 1
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  return { min: sorted[0], median, max: sorted[sorted.length - 1] }
}

/** null when there are no images. */
export function sourceSizeStatistics(
  widths: Int32Array | Uint32Array,
  heights: Int32Array | Uint32Array,
): SourceSizeStatistics | null {
  if (widths.length === 0) {
    return null
  }
  const counts = new Map<number, number>()
  for (let i = 0; i < widths.length; i++) {
    const key = widths[i] * 2 ** 32 + heights[i]
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  const common = [...counts.entries()]
    .map(([key, count]) => ({ width: Math.floor(key / 2 ** 32), height: key % 2 ** 32, count }))
    .sort((a, b) => b.count - a.count || a.width - b.width || a.height - b.height)
    .slice(0, MAX_COMMON_SIZES)
  return { count: widths.length, width: spread(widths), height: spread(heights), common }
}

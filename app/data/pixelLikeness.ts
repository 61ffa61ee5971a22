// Whether two cached images look alike to the network: the root-mean-square difference of their pixels after each
// image's own mean brightness is removed, at most a limit. The doctor uses it to confirm near-duplicate candidates
// found by perceptual hash, which alone cannot tell apart small, simple images (two 28×28 trousers).

import { assert } from '../engine/assert'

/** Centred RMS difference, in 0..255 pixel units, at or below which two images count as near-duplicates. */
export const DEFAULT_NEAR_DUPLICATE_RMS = 6

/**
 * Returns check(a, b) over `count` images of `imageBytes` bytes each in `images`. Means are computed once; each
 * check stops as soon as the difference is certainly above the limit, so unlike pairs cost a few rows.
 */
export function makeLikenessCheck(
  images: Uint8Array,
  imageBytes: number,
  count: number,
  maxRms = DEFAULT_NEAR_DUPLICATE_RMS,
): (a: number, b: number) => boolean {
  assert(images.length >= count * imageBytes && imageBytes > 0 && maxRms >= 0,
    () => `makeLikenessCheck: ${images.length} bytes cannot hold ${count} images of ${imageBytes}, limit ${maxRms}`)
  const means = new Float64Array(count)
  for (let i = 0; i < count; i++) {
    let sum = 0
    for (let p = i * imageBytes, end = p + imageBytes; p < end; p++) {
      sum += images[p]!
    }
    means[i] = sum / imageBytes
  }
  const budget = maxRms * maxRms * imageBytes
  return (a, b) => {
    const shift = means[a]! - means[b]!
    const offsetA = a * imageBytes
    const offsetB = b * imageBytes
    let sum = 0
    for (let p = 0; p < imageBytes; p++) {
      const difference = images[offsetA + p]! - images[offsetB + p]! - shift
      sum += difference * difference
      if (sum > budget) {
        return false
      }
    }
    return true
  }
}

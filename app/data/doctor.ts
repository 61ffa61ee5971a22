// The dataset doctor's analysis: pure checks over already-decoded entries (sizes, content and perceptual hashes)
// that report duplicates, leakage across splits, empty or imbalanced classes, tiny images and extreme aspect
// ratios. It is not the importer: unreadable files are reported by whoever decodes them, and nothing here stops
// an import. Near-duplicates use banded hashing so 100,000 entries are not compared pair by pair.

import { assert } from '../engine/assert'
import { hammingDistance, hashBit } from './perceptualHash'
import type { PerceptualHash } from './perceptualHash'

export type DoctorSplit = 'train' | 'validation' | 'test'

export type DoctorEntry = Readonly<{
  path: string
  label: number // index into classNames
  split: DoctorSplit
  width: number
  height: number
  contentHash: string
  perceptualHash: PerceptualHash
}>

export type FindingKind = 'exact-duplicates' | 'near-duplicates' | 'split-leakage' | 'empty-class'
  | 'class-imbalance' | 'small-images' | 'extreme-aspect-ratio'

export type DoctorFinding = Readonly<{
  kind: FindingKind
  severity: 'info' | 'warning' | 'error'
  message: string
  paths: readonly string[]
}>

export type DoctorReport = Readonly<{ entryCount: number; classCounts: readonly number[]; findings: DoctorFinding[] }>

export type DoctorOptions = Readonly<{
  nearDuplicateDistance?: number // at most this many differing bits; default 4
  imbalanceRatio?: number // largest / smallest class count above this is reported; default 3
  smallFraction?: number // a side below this fraction of the input side is "much smaller"; default 0.5
  aspectRatio?: number // longer / shorter side above this is "extreme"; default 3
  /**
   * Confirms a candidate pair (entry indices) that is close by perceptual hash, e.g. by comparing the images the
   * network will see: a 64-bit hash of a small, simple image (a 28×28 garment) matches many different images.
   */
  isNearDuplicate?: (a: number, b: number) => boolean
}>

/** Groups indices 0..count-1 by a key; returns only groups of at least `minimumSize`. */
function groupsOf(count: number, keyOf: (index: number) => string, minimumSize = 2): number[][] {
  const groups = new Map<string, number[]>()
  for (let i = 0; i < count; i++) {
    const key = keyOf(i)
    const group = groups.get(key)
    if (group) {
      group.push(i)
    } else {
      groups.set(key, [i])
    }
  }
  return [...groups.values()].filter((group) => group.length >= minimumSize)
}

/** Position of the first value above `value` in an ascending list (binary search). */
function firstAfter(sorted: readonly number[], value: number): number {
  let low = 0
  let high = sorted.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (sorted[middle]! <= value) {
      low = middle + 1
    } else {
      high = middle
    }
  }
  return low
}

/**
 * Groups of hashes within `distance` bits of a centre, found without chaining: the first unassigned entry (in
 * index order) becomes a centre and takes every later unassigned entry within `distance` that `accept` confirms.
 * (Joining every close pair instead chains similar-looking images into one giant group: on Fashion-MNIST 52,586
 * of 70,000 images.) Candidates come from banded hashing, by pigeonhole: two hashes at most `distance` bits apart
 * agree exactly on at least one of `distance + 1` disjoint bands.
 */
export function nearDuplicateGroups(
  hashes: readonly PerceptualHash[],
  distance: number,
  accept: (centre: number, candidate: number) => boolean = () => true,
): number[][] {
  assert(Number.isInteger(distance) && distance >= 0 && distance <= 15,
    () => `nearDuplicateGroups: expected distance to be an integer 0–15, got ${distance}`)
  const bands = distance + 1
  const bandKeys: Int32Array[] = []
  const buckets: Map<number, number[]>[] = []
  for (let band = 0; band < bands; band++) {
    const keys = new Int32Array(hashes.length)
    const bucketOf = new Map<number, number[]>()
    hashes.forEach((hash, index) => {
      // Bands take every bands-th bit, so each spans the whole image: a band of consecutive bits would cover a few
      // rows, which are blank background in most small images, and put most of a dataset in one bucket.
      let key = 0
      for (let bit = band; bit < 64; bit += bands) {
        key = key * 2 + hashBit(hash, bit)
      }
      keys[index] = key
      const bucket = bucketOf.get(key)
      if (bucket) {
        bucket.push(index)
      } else {
        bucketOf.set(key, [index])
      }
    })
    bandKeys.push(keys)
    buckets.push(bucketOf)
  }
  const isAssigned = new Uint8Array(hashes.length)
  // A pair shares up to `bands` buckets; each is weighed once per centre (accept may compare whole images).
  const lastWeighedBy = new Int32Array(hashes.length).fill(-1)
  const groups: number[][] = []
  for (let centre = 0; centre < hashes.length; centre++) {
    if (isAssigned[centre]) {
      continue
    }
    const group = [centre]
    for (let band = 0; band < bands; band++) {
      const bucket = buckets[band]!.get(bandKeys[band]![centre]!)!
      // Buckets hold indices in ascending order and only later entries can join this centre: start after it.
      for (let at = firstAfter(bucket, centre); at < bucket.length; at++) {
        const candidate = bucket[at]!
        if (isAssigned[candidate] || lastWeighedBy[candidate] === centre) {
          continue
        }
        lastWeighedBy[candidate] = centre
        if (hammingDistance(hashes[centre]!, hashes[candidate]!) <= distance && accept(centre, candidate)) {
          isAssigned[candidate] = 1
          group.push(candidate)
        }
      }
    }
    if (group.length > 1) {
      isAssigned[centre] = 1
      groups.push(group.sort((a, b) => a - b))
    }
  }
  return groups
}

/** Duplicate groups of both kinds, each followed by a leakage finding when it spans more than one split. */
function duplicateFindings(
  entries: readonly DoctorEntry[],
  distance: number,
  accept: ((a: number, b: number) => boolean) | undefined,
): DoctorFinding[] {
  const findings: DoctorFinding[] = []
  const report = (members: number[], kind: 'exact-duplicates' | 'near-duplicates'): void => {
    const paths = members.map((index) => entries[index]!.path)
    findings.push(kind === 'exact-duplicates'
      ? { kind, severity: 'warning', paths,
          message: `${paths.length} files are byte-for-byte identical: keep one and delete the others.` }
      : { kind, severity: 'info', paths,
          message: `${paths.length} images look almost the same: check them and remove the copies you do not need.` })
    const splits = [...new Set(members.map((index) => entries[index]!.split))]
    if (splits.length > 1) {
      const isExact = kind === 'exact-duplicates'
      findings.push({ kind: 'split-leakage', severity: isExact ? 'error' : 'warning', paths,
        message: `${isExact ? 'The same image' : 'Almost the same image'} sits in the ${splits.join(' and ')} `
          + 'splits, so evaluation scores will be too optimistic: keep its copies in one split only.' })
    }
  }
  for (const group of groupsOf(entries.length, (index) => entries[index]!.contentHash)) {
    report(group, 'exact-duplicates')
  }
  const hashes = entries.map((entry) => entry.perceptualHash)
  for (const indices of nearDuplicateGroups(hashes, distance, accept)) {
    // A group whose files are all byte-identical was already reported as exact duplicates.
    if (new Set(indices.map((index) => entries[index]!.contentHash)).size > 1) {
      report(indices, 'near-duplicates')
    }
  }
  return findings
}

function classFindings(entries: readonly DoctorEntry[], classNames: readonly string[], ratio: number): {
  counts: number[]
  findings: DoctorFinding[]
} {
  const counts = classNames.map(() => 0)
  for (const entry of entries) {
    counts[entry.label] = counts[entry.label]! + 1
  }
  const findings: DoctorFinding[] = []
  classNames.forEach((name, label) => {
    if (counts[label] === 0) {
      findings.push({ kind: 'empty-class', severity: 'error', paths: [],
        message: `Class "${name}" has no images: add images to it or remove the class.` })
    }
  })
  const filled = counts.map((count, label) => ({ count, label })).filter((item) => item.count > 0)
  if (filled.length > 1) {
    const largest = filled.reduce((best, item) => (item.count > best.count ? item : best))
    const smallest = filled.reduce((best, item) => (item.count < best.count ? item : best))
    if (largest.count / smallest.count > ratio) {
      findings.push({ kind: 'class-imbalance', severity: 'warning', paths: [],
        message: `Classes are imbalanced: "${classNames[largest.label]}" has ${largest.count} images but `
          + `"${classNames[smallest.label]}" has ${smallest.count} `
          + `(${(largest.count / smallest.count).toFixed(1)}×). `
          + 'Add images to the small classes, or expect the model to favour the large ones.' })
    }
  }
  return { counts, findings }
}

function sizeFindings(
  entries: readonly DoctorEntry[],
  input: Readonly<{ width: number; height: number }>,
  fraction: number,
  ratio: number,
): DoctorFinding[] {
  const small = entries.filter((entry) =>
    entry.width < input.width * fraction || entry.height < input.height * fraction)
  const stretched = entries.filter((entry) =>
    Math.max(entry.width, entry.height) > ratio * Math.min(entry.width, entry.height))
  const findings: DoctorFinding[] = []
  if (small.length > 0) {
    findings.push({ kind: 'small-images', severity: 'warning', paths: small.map((entry) => entry.path),
      message: `${small.length} images are much smaller than the ${input.width}×${input.height} input and will be `
        + 'blurry when enlarged: replace them with larger images or choose a smaller input size.' })
  }
  if (stretched.length > 0) {
    findings.push({ kind: 'extreme-aspect-ratio', severity: 'warning', paths: stretched.map((entry) => entry.path),
      message: `${stretched.length} images are more than ${ratio} times longer one way than the other: crop them, `
        + 'or use letterbox resizing so they are not badly squashed.' })
  }
  return findings
}

/** Runs every check over the entries; `input` is the network input size the images will be resized to. */
export function diagnoseDataset(
  entries: readonly DoctorEntry[],
  classNames: readonly string[],
  input: Readonly<{ width: number; height: number }>,
  options: DoctorOptions = {},
): DoctorReport {
  assert(entries.every((entry) => Number.isInteger(entry.label) && entry.label >= 0 && entry.label < classNames.length
    && entry.width > 0 && entry.height > 0),
  () => `diagnoseDataset: expected every entry to have a label below ${classNames.length} and a positive size`)
  const classes = classFindings(entries, classNames, options.imbalanceRatio ?? 3)
  return {
    entryCount: entries.length,
    classCounts: classes.counts,
    findings: [
      ...classes.findings,
      ...duplicateFindings(entries, options.nearDuplicateDistance ?? 4, options.isNearDuplicate),
      ...sizeFindings(entries, input, options.smallFraction ?? 0.5, options.aspectRatio ?? 3),
    ],
  }
}

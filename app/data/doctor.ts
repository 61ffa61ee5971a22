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

function findRoot(parents: Int32Array, index: number): number {
  let root = index
  while (parents[root] !== root) {
    root = parents[root]!
  }
  while (parents[index] !== root) {
    const next = parents[index]!
    parents[index] = root
    index = next
  }
  return root
}

/**
 * Connected groups of hashes within `distance` bits. Pigeonhole: two hashes at most `distance` bits apart agree
 * exactly on at least one of `distance + 1` disjoint bands, so candidates are pairs sharing a band's value.
 */
export function nearDuplicateGroups(hashes: readonly PerceptualHash[], distance: number, minimumSize = 2): number[][] {
  assert(Number.isInteger(distance) && distance >= 0 && distance <= 15,
    () => `nearDuplicateGroups: expected distance to be an integer 0–15, got ${distance}`)
  const parents = Int32Array.from(hashes, (_, i) => i)
  const bands = distance + 1
  for (let band = 0; band < bands; band++) {
    const from = Math.floor((band * 64) / bands)
    const to = Math.floor(((band + 1) * 64) / bands)
    const buckets = new Map<number, number[]>()
    hashes.forEach((hash, index) => {
      let key = 0
      for (let bit = from; bit < to; bit++) {
        key = key * 2 + hashBit(hash, bit)
      }
      const bucket = buckets.get(key)
      if (bucket) {
        bucket.push(index)
      } else {
        buckets.set(key, [index])
      }
    })
    for (const bucket of buckets.values()) {
      for (let a = 0; a < bucket.length; a++) {
        for (let b = a + 1; b < bucket.length; b++) {
          const rootA = findRoot(parents, bucket[a]!)
          const rootB = findRoot(parents, bucket[b]!)
          if (rootA !== rootB && hammingDistance(hashes[bucket[a]!]!, hashes[bucket[b]!]!) <= distance) {
            parents[rootB] = rootA
          }
        }
      }
    }
  }
  return groupsOf(hashes.length, (index) => String(findRoot(parents, index)), minimumSize)
}

const hashKey = (hash: PerceptualHash): string => `${hash.high}:${hash.low}`

/** Duplicate groups of both kinds, each followed by a leakage finding when it spans more than one split. */
function duplicateFindings(entries: readonly DoctorEntry[], distance: number): DoctorFinding[] {
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
      findings.push({ kind: 'split-leakage', severity: 'error', paths,
        message: `The same image sits in the ${splits.join(' and ')} splits, so evaluation scores will be too `
          + 'optimistic: keep its copies in one split only.' })
    }
  }
  for (const group of groupsOf(entries.length, (index) => entries[index]!.contentHash)) {
    report(group, 'exact-duplicates')
  }
  // Entries with equal perceptual hashes collapse to one representative so a large identical set is one node.
  const members = groupsOf(entries.length, (index) => hashKey(entries[index]!.perceptualHash), 1)
  const representatives = members.map((list) => entries[list[0]!]!.perceptualHash)
  for (const group of nearDuplicateGroups(representatives, distance, 1)) {
    const indices = group.flatMap((representative) => members[representative]!)
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
      ...duplicateFindings(entries, options.nearDuplicateDistance ?? 4),
      ...sizeFindings(entries, input, options.smallFraction ?? 0.5, options.aspectRatio ?? 3),
    ],
  }
}

// The dataset doctor's analysis: pure checks over already-decoded entries (sizes, content and perceptual hashes)
// that report duplicates, leakage across splits, empty or imbalanced classes, tiny images and extreme aspect
// ratios. It is not the importer: unreadable files are reported by whoever decodes them, and nothing here stops
// an import. Entries arrive as typed-array columns and are grouped by sorting typed arrays, so 100,000 entries
// cost a few arrays of n numbers rather than an object (or a Map slot) per entry; paths are decoded only for
// entries named in a finding. The grouping itself (banded hashing for near-duplicates) is duplicateGroups.ts.

import { assert } from '../engine/assert'
import { CONTENT_HASH_BYTES, exactDuplicateGroups, nearDuplicateGroups } from './duplicateGroups'
import type { PerceptualHash } from './perceptualHash'
import { compareRecords, writeHex } from './typedArrays'

export type DoctorSplit = 'train' | 'validation' | 'test'

const SPLIT_NAMES: readonly DoctorSplit[] = ['train', 'validation', 'test']

/** The entries as columns: entry i is position i of every column (app/formats ManifestEntries fits this). */
export type DoctorEntries = Readonly<{
  count: number
  /** at(i): entry i's path, decoded on demand (app/formats/packedStrings.ts PackedStrings satisfies this). */
  paths: Readonly<{ at(index: number): string }>
  /** Class index per entry, into classNames. */
  labels: Uint8Array
  /** 0 train, 1 validation, 2 test. */
  splits: Uint8Array
  /** Source image size. */
  widths: Uint32Array
  heights: Uint32Array
  /** 32 bytes (SHA-256) per entry: entry i is bytes [32i, 32i + 32). */
  contentHashes: Uint8Array
  /** 2 words per entry: [2i] is the high word, [2i + 1] the low word of the 64-bit dHash. */
  perceptualHashes: Uint32Array
}>

/** One entry as an object: for tests and small callers; convert with doctorEntriesFrom. */
export type DoctorEntry = Readonly<{
  path: string
  label: number // index into classNames
  split: DoctorSplit
  width: number
  height: number
  /** 64 hex digits (SHA-256), or any other string in tests (see doctorEntriesFrom). */
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

/** Writes 32 FNV-1a bytes of `text` (eight words from eight different offset bases) into target at offset. */
function writeStringHash(text: string, target: Uint8Array, offset: number): void {
  for (let word = 0; word < CONTENT_HASH_BYTES / 4; word++) {
    let hash = (0x811c9dc5 ^ Math.imul(word + 1, 0x9e3779b1)) >>> 0
    for (let i = 0; i < text.length; i++) {
      hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0
    }
    for (let byte = 0; byte < 4; byte++) {
      target[offset + 4 * word + byte] = (hash >>> (8 * byte)) & 0xff
    }
  }
}

/**
 * Columns from entry objects. A 64-hex-digit contentHash goes in as its 32 bytes; any other string (short test
 * names like 'a') is hashed into 32 bytes, so equal strings give equal bytes and different strings different
 * bytes (barring a 256-bit collision).
 */
export function doctorEntriesFrom(list: readonly DoctorEntry[]): DoctorEntries {
  const count = list.length
  const paths = list.map((entry) => entry.path)
  const columns = {
    count,
    paths: { at: (index: number) => paths[index]! },
    labels: new Uint8Array(count),
    splits: new Uint8Array(count),
    widths: new Uint32Array(count),
    heights: new Uint32Array(count),
    contentHashes: new Uint8Array(count * CONTENT_HASH_BYTES),
    perceptualHashes: new Uint32Array(count * 2),
  }
  list.forEach((entry, i) => {
    columns.labels[i] = entry.label
    columns.splits[i] = SPLIT_NAMES.indexOf(entry.split)
    columns.widths[i] = entry.width
    columns.heights[i] = entry.height
    const offset = i * CONTENT_HASH_BYTES
    if (/^[0-9a-fA-F]{64}$/.test(entry.contentHash)) {
      writeHex(entry.contentHash, columns.contentHashes, offset)
    } else {
      writeStringHash(entry.contentHash, columns.contentHashes, offset)
    }
    columns.perceptualHashes[2 * i] = entry.perceptualHash.high
    columns.perceptualHashes[2 * i + 1] = entry.perceptualHash.low
  })
  return columns
}

/** Duplicate groups of both kinds, each followed by a leakage finding when it spans more than one split. */
function duplicateFindings(
  entries: DoctorEntries,
  distance: number,
  accept: ((a: number, b: number) => boolean) | undefined,
): DoctorFinding[] {
  const findings: DoctorFinding[] = []
  const report = (members: number[], kind: 'exact-duplicates' | 'near-duplicates'): void => {
    const paths = members.map((index) => entries.paths.at(index))
    findings.push(kind === 'exact-duplicates'
      ? { kind, severity: 'warning', paths,
          message: `${paths.length} files are byte-for-byte identical: keep one and delete the others.` }
      : { kind, severity: 'info', paths,
          message: `${paths.length} images look almost the same: check them and remove the copies you do not need.` })
    const splits = [...new Set(members.map((index) => SPLIT_NAMES[entries.splits[index]!]!))]
    if (splits.length > 1) {
      const isExact = kind === 'exact-duplicates'
      findings.push({ kind: 'split-leakage', severity: isExact ? 'error' : 'warning', paths,
        message: `${isExact ? 'The same image' : 'Almost the same image'} sits in the ${splits.join(' and ')} `
          + 'splits, so evaluation scores will be too optimistic: keep its copies in one split only.' })
    }
  }
  const contentHashes = entries.contentHashes.subarray(0, entries.count * CONTENT_HASH_BYTES)
  for (const group of exactDuplicateGroups(contentHashes)) {
    report(group, 'exact-duplicates')
  }
  const hashes = entries.perceptualHashes.subarray(0, entries.count * 2)
  for (const indices of nearDuplicateGroups(hashes, distance, accept)) {
    // A group whose files are all byte-identical was already reported as exact duplicates.
    if (indices.some((index) => compareRecords(contentHashes, CONTENT_HASH_BYTES, indices[0]!, index) !== 0)) {
      report(indices, 'near-duplicates')
    }
  }
  return findings
}

function classFindings(entries: DoctorEntries, classNames: readonly string[], ratio: number): {
  counts: number[]
  findings: DoctorFinding[]
} {
  const counts = classNames.map(() => 0)
  for (let i = 0; i < entries.count; i++) {
    counts[entries.labels[i]!]!++
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
  entries: DoctorEntries,
  input: Readonly<{ width: number; height: number }>,
  fraction: number,
  ratio: number,
): DoctorFinding[] {
  const small: string[] = []
  const stretched: string[] = []
  for (let i = 0; i < entries.count; i++) {
    const width = entries.widths[i]!
    const height = entries.heights[i]!
    if (width < input.width * fraction || height < input.height * fraction) {
      small.push(entries.paths.at(i))
    }
    if (Math.max(width, height) > ratio * Math.min(width, height)) {
      stretched.push(entries.paths.at(i))
    }
  }
  const findings: DoctorFinding[] = []
  if (small.length > 0) {
    findings.push({ kind: 'small-images', severity: 'warning', paths: small,
      message: `${small.length} images are much smaller than the ${input.width}×${input.height} input and will be `
        + 'blurry when enlarged: replace them with larger images or choose a smaller input size.' })
  }
  if (stretched.length > 0) {
    findings.push({ kind: 'extreme-aspect-ratio', severity: 'warning', paths: stretched,
      message: `${stretched.length} images are more than ${ratio} times longer one way than the other: crop them, `
        + 'or use letterbox resizing so they are not badly squashed.' })
  }
  return findings
}

/** True when every column holds `count` entries and every label, split and size is valid. */
function hasValidColumns(entries: DoctorEntries, classCount: number): boolean {
  const { count, labels, splits, widths, heights } = entries
  const { contentHashes, perceptualHashes } = entries
  if (!Number.isInteger(count) || count < 0 || labels.length < count || splits.length < count
    || widths.length < count || heights.length < count || contentHashes.length < count * CONTENT_HASH_BYTES
    || perceptualHashes.length < count * 2) {
    return false
  }
  for (let i = 0; i < count; i++) {
    if (labels[i]! >= classCount || splits[i]! >= SPLIT_NAMES.length || widths[i] === 0 || heights[i] === 0) {
      return false
    }
  }
  return true
}

/** Runs every check over the entries; `input` is the network input size the images will be resized to. */
export function diagnoseDataset(
  entries: DoctorEntries,
  classNames: readonly string[],
  input: Readonly<{ width: number; height: number }>,
  options: DoctorOptions = {},
): DoctorReport {
  assert(hasValidColumns(entries, classNames.length),
    () => `diagnoseDataset: expected columns for ${entries.count} entries, each with a label below `
      + `${classNames.length}, a split 0–2 and a positive size`)
  const classes = classFindings(entries, classNames, options.imbalanceRatio ?? 3)
  return {
    entryCount: entries.count,
    classCounts: classes.counts,
    findings: [
      ...classes.findings,
      ...duplicateFindings(entries, options.nearDuplicateDistance ?? 4, options.isNearDuplicate),
      ...sizeFindings(entries, input, options.smallFraction ?? 0.5, options.aspectRatio ?? 3),
    ],
  }
}

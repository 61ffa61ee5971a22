// The import's train / validation / test split: stratified, seeded and stable, so re-importing the same files
// gives the same split and adding a few files moves only a few old ones. Not seededStratifiedSplit
// (imageDataset.ts), whose shuffle depends on every item's position: here each item's place depends only on
// (seed, key), where the key is the item's content hash (or path), so exact duplicates share a split.
//
// The rule, per class: free items (not fixed by a train/ val/ test/ folder or a source's test file) are grouped
// by key and the groups ordered by a 32-bit seeded hash of the key (ties: the key itself). Validation takes groups
// from the front until it holds round(n × validation) items, n counting the class's pool (its free items and those
// fixed to train: the training data a carve comes out of, as Keras' validation_split); test takes the next
// round(n × test); the rest train. If any item of the dataset is fixed to
// validation, the source has its own validation split and no free item is carved into it; the same for test.
// A group belongs to the lowest class among its items, so duplicates labelled differently still share a split,
// whatever order the items come in.

import { assert } from '../engine/assert'
import { mixWords } from '../engine/random'
import { compareRecords } from './typedArrays'

const TRAIN = 0
const VALIDATION = 1
const TEST = 2

/**
 * The keys items are split by: how many, how two compare, and each one's seeded hash. Strings for callers with a
 * few keys; hexKeys for an import's content hashes, which hashes and orders exactly as the hex strings would
 * without making 100,000 of them.
 */
export type SplitKeys = Readonly<{
  count: number
  compare(a: number, b: number): number
  hash(index: number, seed: number): number
}>

/** The 32-bit seeded hash that orders items: every UTF-16 code unit of the key, then its length, mixed in. */
export function splitKeyHash(key: string, seed: number): number {
  let hash = mixWords(seed, 0x53504c54) // "SPLT": keeps this stream apart from other uses of the same seed
  for (let i = 0; i < key.length; i++) {
    hash = mixWords(hash, key.charCodeAt(i))
  }
  return mixWords(hash, key.length)
}

export function stringKeys(keys: readonly string[]): SplitKeys {
  return {
    count: keys.length,
    compare: (a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0),
    hash: (index, seed) => splitKeyHash(keys[index], seed),
  }
}

const HEX_DIGITS = Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0))

/** Keys of `width` bytes each, standing for their lower-case hex strings (byte order is the hex strings' order). */
export function hexKeys(bytes: Uint8Array, width: number): SplitKeys {
  return {
    count: bytes.length / width,
    compare: (a, b) => compareRecords(bytes, width, a, b),
    hash: (index, seed) => {
      let hash = mixWords(seed, 0x53504c54)
      for (let i = 0; i < width; i++) {
        const byte = bytes[index * width + i]
        hash = mixWords(mixWords(hash, HEX_DIGITS[byte >> 4]), HEX_DIGITS[byte & 15])
      }
      return mixWords(hash, 2 * width)
    },
  }
}

function checkArguments(
  keyCount: number,
  labels: Uint8Array,
  classCount: number,
  fractions: Readonly<{ validation: number; test: number }>,
  seed: number,
  fixed: Int8Array | undefined,
): void {
  const where = 'stableStratifiedSplit'
  const { validation, test } = fractions
  assert(keyCount === labels.length, () => `${where}: ${keyCount} keys for ${labels.length} labels`)
  assert(
    fixed === undefined || fixed.length === labels.length,
    () => `${where}: ${fixed!.length} fixed codes for ${labels.length} labels`,
  )
  const badLabel = labels.findIndex((label) => label >= classCount)
  assert(badLabel < 0, () => `${where}: label ${labels[badLabel]} at ${badLabel} is not below ${classCount} classes`)
  const badFixed = fixed ? fixed.findIndex((code) => code < -1 || code > TEST) : -1
  assert(badFixed < 0, () => `${where}: fixed code ${fixed![badFixed]} at ${badFixed}, expected -1, 0, 1 or 2`)
  assert(
    validation >= 0 && test >= 0 && validation + test < 1,
    () => `${where}: fractions must be ≥ 0 and leave training data, got ${validation} + ${test}`,
  )
  assert(
    Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32,
    () => `${where}: seed must be an integer from 0 to 2^32 - 1, got ${seed}`,
  )
}

/** Stratified, seeded and stable: each item's place depends only on (seed, key), so re-importing the same files
 *  gives the same split; items sharing a key (exact duplicates keyed by content hash) land in the same split. */
export function stableStratifiedSplit(
  keyList: readonly string[] | SplitKeys,
  labels: Uint8Array,
  classCount: number,
  fractions: Readonly<{ validation: number; test: number }>,
  seed: number,
  fixed?: Int8Array, // per item: -1 = free, 0/1/2 = fixed to train/validation/test (from folders or source files)
): Uint8Array {
  const keys = Array.isArray(keyList) ? stringKeys(keyList) : keyList as SplitKeys
  checkArguments(keys.count, labels, classCount, fractions, seed, fixed)
  const codes = new Uint8Array(labels.length)
  const classTotals = new Int32Array(classCount)
  const isPartFixed = [false, false, false]
  const free: number[] = []
  for (let i = 0; i < labels.length; i++) {
    const code = fixed ? fixed[i] : -1
    if (code === -1 || code === TRAIN) {
      classTotals[labels[i]]++
    }
    if (code >= 0) {
      codes[i] = code
      isPartFixed[code] = true
    } else {
      free.push(i)
    }
  }
  // Items sharing a key form a group: sorted by key, each run of equal keys is one (typed arrays, not a Map of
  // arrays: at 100,000 items that would be ~10 MB of short-lived objects).
  const order = Uint32Array.from(free).sort((a, b) => keys.compare(a, b) || a - b)
  const starts = new Uint32Array(order.length + 1)
  let groupCount = 0
  for (let at = 0; at < order.length; at++) {
    if (at === 0 || keys.compare(order[at - 1], order[at]) !== 0) {
      starts[groupCount++] = at
    }
  }
  starts[groupCount] = order.length
  const groupHashes = new Float64Array(groupCount)
  const byClass: number[][] = Array.from({ length: classCount }, () => [])
  for (let group = 0; group < groupCount; group++) {
    let label = labels[order[starts[group]]]
    for (let at = starts[group]; at < starts[group + 1]; at++) {
      label = Math.min(label, labels[order[at]])
    }
    groupHashes[group] = keys.hash(order[starts[group]], seed)
    byClass[label].push(group)
  }
  // Groups in order of their key's seeded hash, ties by the key itself.
  const compareGroups = (a: number, b: number) =>
    groupHashes[a] - groupHashes[b] || keys.compare(order[starts[a]], order[starts[b]])
  for (let label = 0; label < classCount; label++) {
    const total = classTotals[label]
    let validationLeft = isPartFixed[VALIDATION] ? 0 : Math.round(total * fractions.validation)
    let testLeft = isPartFixed[TEST] ? 0 : Math.round(total * fractions.test)
    for (const group of byClass[label].sort(compareGroups)) {
      const code = validationLeft > 0 ? VALIDATION : testLeft > 0 ? TEST : TRAIN
      const size = starts[group + 1] - starts[group]
      if (code === VALIDATION) {
        validationLeft -= size
      } else if (code === TEST) {
        testLeft -= size
      }
      for (let at = starts[group]; at < starts[group + 1]; at++) {
        codes[order[at]] = code
      }
    }
  }
  return codes
}

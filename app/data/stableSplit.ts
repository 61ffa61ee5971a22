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

const TRAIN = 0
const VALIDATION = 1
const TEST = 2

type KeyGroup = { hash: number; key: string; members: number[] }

/** The 32-bit seeded hash that orders items: every UTF-16 code unit of the key, then its length, mixed in. */
export function splitKeyHash(key: string, seed: number): number {
  let hash = mixWords(seed, 0x53504c54) // "SPLT": keeps this stream apart from other uses of the same seed
  for (let i = 0; i < key.length; i++) {
    hash = mixWords(hash, key.charCodeAt(i))
  }
  return mixWords(hash, key.length)
}

function compareGroups(a: KeyGroup, b: KeyGroup): number {
  if (a.hash !== b.hash) {
    return a.hash - b.hash
  }
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0
}

function checkArguments(
  keys: readonly string[],
  labels: Uint8Array,
  classCount: number,
  fractions: Readonly<{ validation: number; test: number }>,
  seed: number,
  fixed: Int8Array | undefined,
): void {
  const where = 'stableStratifiedSplit'
  const { validation, test } = fractions
  assert(keys.length === labels.length, () => `${where}: ${keys.length} keys for ${labels.length} labels`)
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
  keys: readonly string[],
  labels: Uint8Array,
  classCount: number,
  fractions: Readonly<{ validation: number; test: number }>,
  seed: number,
  fixed?: Int8Array, // per item: -1 = free, 0/1/2 = fixed to train/validation/test (from folders or source files)
): Uint8Array {
  checkArguments(keys, labels, classCount, fractions, seed, fixed)
  const codes = new Uint8Array(labels.length)
  const classTotals = new Int32Array(classCount)
  const isPartFixed = [false, false, false]
  const groups = new Map<string, number[]>()
  for (let i = 0; i < labels.length; i++) {
    const code = fixed ? fixed[i] : -1
    if (code === -1 || code === TRAIN) {
      classTotals[labels[i]]++
    }
    if (code >= 0) {
      codes[i] = code
      isPartFixed[code] = true
      continue
    }
    const members = groups.get(keys[i])
    if (members) {
      members.push(i)
    } else {
      groups.set(keys[i], [i])
    }
  }
  const byClass: KeyGroup[][] = Array.from({ length: classCount }, () => [])
  for (const [key, members] of groups) {
    let label = labels[members[0]]
    for (const member of members) {
      label = Math.min(label, labels[member])
    }
    byClass[label].push({ hash: splitKeyHash(key, seed), key, members })
  }
  for (let label = 0; label < classCount; label++) {
    const total = classTotals[label]
    let validationLeft = isPartFixed[VALIDATION] ? 0 : Math.round(total * fractions.validation)
    let testLeft = isPartFixed[TEST] ? 0 : Math.round(total * fractions.test)
    for (const group of byClass[label].sort(compareGroups)) {
      const code = validationLeft > 0 ? VALIDATION : testLeft > 0 ? TEST : TRAIN
      if (code === VALIDATION) {
        validationLeft -= group.members.length
      } else if (code === TEST) {
        testLeft -= group.members.length
      }
      for (const member of group.members) {
        codes[member] = code
      }
    }
  }
  return codes
}

// Finding groups of duplicates among many images without comparing every pair: exact duplicates by sorting
// content hashes, near-duplicates by banded perceptual hashes, all in typed arrays (no object or Map slot per
// image, so 100,000 images cost a few arrays of n numbers). Pure; the doctor (doctor.ts) turns groups into findings.

import { assert } from '../engine/assert'
import { compareRecords } from './typedArrays'

export const CONTENT_HASH_BYTES = 32

/**
 * Groups of entries with byte-equal 32-byte content hashes (2 or more members, ascending), ordered by first
 * member. Sorting an index array by (hash bytes, index) puts each group in one run; no string per entry.
 */
export function exactDuplicateGroups(contentHashes: Uint8Array): number[][] {
  assert(contentHashes.length % CONTENT_HASH_BYTES === 0,
    () => `exactDuplicateGroups: expected ${CONTENT_HASH_BYTES} bytes per entry, got ${contentHashes.length}`)
  const count = contentHashes.length / CONTENT_HASH_BYTES
  const order = new Uint32Array(count)
  for (let i = 0; i < count; i++) {
    order[i] = i
  }
  order.sort((a, b) => compareRecords(contentHashes, CONTENT_HASH_BYTES, a, b) || a - b)
  const groups: number[][] = []
  for (let start = 0, end = 1; start < count; start = end, end = start + 1) {
    while (end < count && compareRecords(contentHashes, CONTENT_HASH_BYTES, order[start]!, order[end]!) === 0) {
      end++
    }
    if (end - start > 1) {
      groups.push(Array.from(order.subarray(start, end)))
    }
  }
  return groups.sort((a, b) => a[0]! - b[0]!)
}

// A band key and an entry index are packed as key * 2^25 + index in a float64 (exact below 2^53): 28-bit keys.
const KEY_BITS = 28
const INDEX_SCALE = 2 ** 25

/**
 * The key of every entry in one band. Bands take every bands-th bit, so each spans the whole image: a band of
 * consecutive bits would cover a few rows, which are blank background in most small images, and put most of a
 * dataset in one bucket. A band of more than 28 bits (distance 0 or 1) is hashed down to 28: equal keys then
 * only mean "maybe close", and the distance check drops the extra candidates.
 */
function bandKeys(hashes: Uint32Array, count: number, band: number, bands: number): Int32Array {
  const isHashed = Math.ceil((64 - band) / bands) > KEY_BITS
  const keys = new Int32Array(count)
  for (let index = 0; index < count; index++) {
    const high = hashes[2 * index]!
    const low = hashes[2 * index + 1]!
    let key = isHashed ? 0x811c9dc5 : 0
    for (let bit = band; bit < 64; bit += bands) {
      const value = bit < 32 ? (low >>> bit) & 1 : (high >>> (bit - 32)) & 1
      key = isHashed ? Math.imul(key ^ value, 0x01000193) : key * 2 + value
    }
    keys[index] = isHashed ? key >>> (32 - KEY_BITS) : key
  }
  return keys
}

/**
 * Set bits in a 32-bit word. perceptualHash.ts's hammingDistance takes {high, low} objects; this runs on the
 * words directly, as filling objects per candidate pair cost ~40% of the search at 100,000 entries.
 */
function bitCount(word: number): number {
  let value = word - ((word >>> 1) & 0x55555555)
  value = (value & 0x33333333) + ((value >>> 2) & 0x33333333)
  return Math.imul((value + (value >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24
}

/**
 * One band's buckets: entries sorted by (key, index) (`order`, with `sortedKeys` the key at each position), and
 * each entry's position in that order. Keys by position keep a bucket's scan sequential in memory.
 */
type Band = Readonly<{ sortedKeys: Int32Array; order: Int32Array; positions: Int32Array }>

function bandOf(hashes: Uint32Array, count: number, band: number, bands: number): Band {
  const keys = bandKeys(hashes, count, band, bands)
  const packed = new Float64Array(count)
  for (let index = 0; index < count; index++) {
    packed[index] = keys[index]! * INDEX_SCALE + index
  }
  packed.sort()
  const sortedKeys = new Int32Array(count)
  const order = new Int32Array(count)
  const positions = new Int32Array(count)
  for (let position = 0; position < count; position++) {
    const index = packed[position]! % INDEX_SCALE
    sortedKeys[position] = keys[index]!
    order[position] = index
    positions[index] = position
  }
  return { sortedKeys, order, positions }
}

/**
 * Groups of hashes within `distance` bits of a centre, found without chaining: the first unassigned entry (in
 * index order) becomes a centre and takes every later unassigned entry within `distance` that `accept` confirms.
 * (Joining every close pair instead chains similar-looking images into one giant group: on Fashion-MNIST 52,586
 * of 70,000 images.) Candidates come from banded hashing, by pigeonhole: two hashes at most `distance` bits apart
 * agree exactly on at least one of `distance + 1` disjoint bands. `hashes`: two words per entry (high, low).
 */
export function nearDuplicateGroups(
  hashes: Uint32Array,
  distance: number,
  accept: (centre: number, candidate: number) => boolean = () => true,
): number[][] {
  const count = hashes.length / 2
  assert(Number.isInteger(distance) && distance >= 0 && distance <= 15 && Number.isInteger(count)
    && count < 2 ** 24,
  () => `nearDuplicateGroups: expected distance to be an integer 0–15 and two hash words per entry for fewer `
    + `than 2^24 entries, got distance ${distance} and ${hashes.length} words`)
  const bands = Array.from({ length: distance + 1 }, (_, band) => bandOf(hashes, count, band, distance + 1))
  const isAssigned = new Uint8Array(count)
  // A pair shares up to `bands` buckets; each is weighed once per centre (accept may compare whole images).
  const lastWeighedBy = new Int32Array(count).fill(-1)
  const groups: number[][] = []
  for (let centre = 0; centre < count; centre++) {
    if (isAssigned[centre]) {
      continue
    }
    const high = hashes[2 * centre]!
    const low = hashes[2 * centre + 1]!
    const group = [centre]
    for (const { sortedKeys, order, positions } of bands) {
      const start = positions[centre]!
      const key = sortedKeys[start]!
      // A bucket is a run of equal keys, in ascending index, and only later entries can join this centre.
      for (let at = start + 1; at < count && sortedKeys[at] === key; at++) {
        const candidate = order[at]!
        if (isAssigned[candidate] || lastWeighedBy[candidate] === centre) {
          continue
        }
        lastWeighedBy[candidate] = centre
        const differing = bitCount(high ^ hashes[2 * candidate]!) + bitCount(low ^ hashes[2 * candidate + 1]!)
        if (differing <= distance && accept(centre, candidate)) {
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


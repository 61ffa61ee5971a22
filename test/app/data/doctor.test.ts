import { describe, expect, it } from 'vitest'
// Also the grouping the doctor stands on (app/data/duplicateGroups.ts), checked against brute-force references.
import { diagnoseDataset, doctorEntriesFrom } from '../../../app/data/doctor'
import { exactDuplicateGroups, nearDuplicateGroups } from '../../../app/data/duplicateGroups'
import type { DoctorEntries, DoctorEntry, DoctorOptions, DoctorReport, FindingKind } from '../../../app/data/doctor'
import { hammingDistance } from '../../../app/data/perceptualHash'
import type { PerceptualHash } from '../../../app/data/perceptualHash'

const input = { width: 32, height: 32 }
const classes = ['cat', 'dog']

/** Seeded mulberry32 so the synthetic data is the same every run (xorshift pairs are too correlated here). */
function makeRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let value = Math.imul(state ^ (state >>> 15), state | 1)
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61)
    return (value ^ (value >>> 14)) >>> 0
  }
}

let serial = 0
function entry(overrides: Partial<DoctorEntry>): DoctorEntry {
  serial++
  return {
    path: `img${serial}.png`, label: serial % 2, split: 'train', width: 32, height: 32,
    contentHash: `content${serial}`, perceptualHash: { high: serial * 2654435761 >>> 0, low: serial * 40503 >>> 0 },
    ...overrides,
  }
}

const ofKind = (report: DoctorReport, kind: FindingKind) => report.findings.filter((finding) => finding.kind === kind)

/** diagnoseDataset over entry objects, through the column converter. */
function diagnose(list: readonly DoctorEntry[], classNames: readonly string[], options?: DoctorOptions) {
  return diagnoseDataset(doctorEntriesFrom(list), classNames, input, options)
}

/** Perceptual hashes as the doctor's column: two words per entry, high then low. */
function pairsOf(hashes: readonly PerceptualHash[]): Uint32Array {
  return Uint32Array.from(hashes.flatMap((hash) => [hash.high, hash.low]))
}

function hexOf(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** Random hashes where about a third copy an earlier one with fewer than `flipLimit` random bits flipped. */
function randomHashes(seed: number, count: number, flipLimit: number): PerceptualHash[] {
  const random = makeRandom(seed)
  const hashes: PerceptualHash[] = []
  for (let i = 0; i < count; i++) {
    const source = i > 0 && random() % 3 === 0 ? hashes[random() % i]! : { high: random(), low: random() }
    let { high, low } = source
    const flips = random() % flipLimit
    for (let f = 0; f < flips; f++) {
      const bit = random() % 64
      if (bit < 32) { low = (low ^ (1 << bit)) >>> 0 } else { high = (high ^ (1 << (bit - 32))) >>> 0 }
    }
    hashes.push({ high, low })
  }
  return hashes
}

/** The centre rule over all pairs, with the same confirmation: the reference the banded search must match. */
function bruteForceGroups(hashes: readonly PerceptualHash[], distance: number,
  accept: (centre: number, candidate: number) => boolean): number[][] {
  const isAssigned = new Array<boolean>(hashes.length).fill(false)
  const groups: number[][] = []
  for (let centre = 0; centre < hashes.length; centre++) {
    if (isAssigned[centre]) {
      continue
    }
    const group = [centre]
    for (let other = centre + 1; other < hashes.length; other++) {
      if (!isAssigned[other] && hammingDistance(hashes[centre]!, hashes[other]!) <= distance
        && accept(centre, other)) {
        isAssigned[other] = true
        group.push(other)
      }
    }
    if (group.length > 1) {
      isAssigned[centre] = true
      groups.push(group)
    }
  }
  return groups
}

describe('diagnoseDataset', () => {
  it('reports nothing for a clean, balanced set', () => {
    const entries = Array.from({ length: 10 }, () => entry({}))
    const report = diagnose(entries, classes)
    expect(report.findings).toEqual([])
    expect(report.classCounts).toEqual([5, 5])
  })

  it('finds exact duplicates and calls out the ones that cross splits as leakage', () => {
    const a = entry({ contentHash: 'same', path: 'a.png' })
    const b = entry({ contentHash: 'same', path: 'b.png', perceptualHash: a.perceptualHash })
    const c = entry({ contentHash: 'other', path: 'c.png', split: 'train' })
    const d = entry({ contentHash: 'other', path: 'd.png', split: 'test', perceptualHash: c.perceptualHash })
    const report = diagnose([a, b, c, d, entry({}), entry({})], classes)
    const exact = ofKind(report, 'exact-duplicates')
    expect(exact.map((finding) => [...finding.paths].sort())).toEqual([['a.png', 'b.png'], ['c.png', 'd.png']])
    expect(ofKind(report, 'near-duplicates')).toEqual([])
    const leakage = ofKind(report, 'split-leakage')
    expect(leakage).toHaveLength(1)
    expect(leakage[0]!.severity).toBe('error')
    expect([...leakage[0]!.paths].sort()).toEqual(['c.png', 'd.png'])
    expect(leakage[0]!.message).toMatch(/train and test/)
  })

  it('finds near-duplicates within the distance, not beyond it, and their leakage', () => {
    const base: PerceptualHash = { high: 0x12345678, low: 0x9abcdef0 }
    const near = entry({ path: 'near.png', split: 'validation',
      perceptualHash: { high: base.high ^ 0b1011, low: base.low ^ 1 } })
    const far = entry({ path: 'far.png', perceptualHash: { high: (base.high ^ 0x1f000000) >>> 0, low: base.low } })
    const original = entry({ path: 'original.png', perceptualHash: base })
    expect(hammingDistance(base, near.perceptualHash)).toBe(4)
    expect(hammingDistance(base, far.perceptualHash)).toBe(5)
    const report = diagnose([original, near, far, entry({})], classes)
    const found = ofKind(report, 'near-duplicates')
    expect(found.map((finding) => [...finding.paths].sort())).toEqual([['near.png', 'original.png']])
    expect(ofKind(report, 'split-leakage')[0]!.paths).toHaveLength(2)
    const stricter = diagnose([original, near, far], classes, { nearDuplicateDistance: 3 })
    expect(ofKind(stricter, 'near-duplicates')).toEqual([])
  })

  it('reports empty classes and imbalance with the counts', () => {
    const entries = [...Array.from({ length: 8 }, () => entry({ label: 0 })), entry({ label: 1 }), entry({ label: 1 })]
    const report = diagnose(entries, ['cat', 'dog', 'bird'])
    const empty = ofKind(report, 'empty-class')
    expect(empty).toHaveLength(1)
    expect(empty[0]!.message).toMatch(/"bird"/)
    const imbalance = ofKind(report, 'class-imbalance')
    expect(imbalance).toHaveLength(1)
    expect(imbalance[0]!.message).toMatch(/"cat" has 8 .*"dog" has 2/)
    expect(ofKind(diagnose(entries, ['cat', 'dog'], { imbalanceRatio: 4 }), 'class-imbalance'))
      .toEqual([])
  })

  it('reports images much smaller than the input and extreme aspect ratios', () => {
    const entries = [
      entry({ path: 'tiny.png', width: 15, height: 40 }), entry({ path: 'ok.png', width: 16, height: 16 }),
      entry({ path: 'wide.png', width: 310, height: 100 }), entry({ path: 'edge.png', width: 300, height: 100 }),
    ]
    const report = diagnose(entries, classes)
    expect(ofKind(report, 'small-images')[0]!.paths).toEqual(['tiny.png'])
    expect(ofKind(report, 'extreme-aspect-ratio')[0]!.paths).toEqual(['wide.png'])
  })

  it('does not chain: a row of hashes each one bit from the next is not one group', () => {
    // h0, h1, ... where h(k) has the lowest k bits set: neighbours differ by 1 bit, h0 and h10 by 10.
    const hashes: PerceptualHash[] = Array.from({ length: 11 }, (_, k) => ({ high: 0, low: (2 ** k - 1) >>> 0 }))
    const groups = nearDuplicateGroups(pairsOf(hashes), 2)
    expect(groups).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10]])
    for (const group of groups) {
      for (const member of group) {
        expect(hammingDistance(hashes[group[0]!]!, hashes[member]!)).toBeLessThanOrEqual(2)
      }
    }
  })

  it('asks the verifier about every candidate and keeps only confirmed pairs', () => {
    const same: PerceptualHash = { high: 7, low: 9 }
    const entries: DoctorEntry[] = ['a', 'b', 'c'].map((name) => ({ path: `${name}.png`, label: 0,
      split: 'train', width: 32, height: 32, contentHash: name, perceptualHash: same }))
    const asked: string[] = []
    const report = diagnose(entries, ['only'], {
      isNearDuplicate: (a, b) => {
        asked.push(`${a}-${b}`)
        return b === 2 // "c" really is a copy of "a"; "b" only hashes the same
      },
    })
    expect(asked.sort()).toEqual(['0-1', '0-2', '1-2'].filter((pair) => pair !== '1-2'))
    expect(ofKind(report, 'near-duplicates').map((finding) => finding.paths)).toEqual([['a.png', 'c.png']])
  })

  it('handles 100,000 entries quickly and correctly', () => {
    const random = makeRandom(42)
    const count = 100_002
    const paths = Array.from({ length: count }, (_, i) => `p${i}.png`)
    paths[100_000] = 'copy.png'
    paths[100_001] = 'near.png'
    const entries: DoctorEntries = {
      count, paths: { at: (index) => paths[index]! },
      labels: Uint8Array.from({ length: count }, (_, i) => i % 10),
      splits: Uint8Array.from({ length: count }, (_, i) => (i % 10 === 0 ? 2 : 0)),
      widths: new Uint32Array(count).fill(32), heights: new Uint32Array(count).fill(32),
      contentHashes: Uint8Array.from({ length: count * 32 }, () => random() & 0xff),
      perceptualHashes: Uint32Array.from({ length: count * 2 }, () => random()),
    }
    // Plant one exact duplicate crossing splits (p5 is train) and one near-duplicate pair.
    entries.contentHashes.copyWithin(100_000 * 32, 5 * 32, 6 * 32)
    entries.perceptualHashes.copyWithin(100_000 * 2, 5 * 2, 6 * 2)
    entries.splits[100_000] = 2
    entries.perceptualHashes[100_001 * 2] = (entries.perceptualHashes[17 * 2]! ^ 0x80000001) >>> 0
    entries.perceptualHashes[100_001 * 2 + 1] = (entries.perceptualHashes[17 * 2 + 1]! ^ 0x00010001) >>> 0
    const started = performance.now()
    const report = diagnoseDataset(entries, Array.from({ length: 10 }, (_, i) => `class${i}`), input)
    console.log(`doctor over ${entries.count} entries: ${(performance.now() - started).toFixed(0)} ms`)
    expect(ofKind(report, 'exact-duplicates').map((finding) => finding.paths)).toEqual([['p5.png', 'copy.png']])
    expect(ofKind(report, 'split-leakage').map((finding) => finding.paths)).toEqual([['p5.png', 'copy.png']])
    // Random 64-bit hashes are almost never within 4 bits, so the planted pair should be the only near group.
    expect(ofKind(report, 'near-duplicates').map((finding) => [...finding.paths].sort()))
      .toEqual([['near.png', 'p17.png']])
  })

  it('decodes only the paths of entries named in a finding', () => {
    const list = [entry({ path: 'a.png', contentHash: 'same' }), entry({}),
      entry({ path: 'b.png', contentHash: 'same' }), entry({ path: 'tiny.png', width: 4, height: 4 }), entry({})]
    const columns = doctorEntriesFrom(list)
    const asked = new Set<number>()
    const paths = {
      at: (index: number) => {
        asked.add(index)
        return columns.paths.at(index)
      },
    }
    const report = diagnoseDataset({ ...columns, paths }, classes, input)
    expect(report.findings.flatMap((finding) => finding.paths).sort()).toEqual(['a.png', 'b.png', 'tiny.png'])
    expect([...asked].sort()).toEqual([0, 2, 3])
  })

  it('rejects a label outside the classes, a split above 2, a zero size or a short column', () => {
    const columns = doctorEntriesFrom([entry({}), entry({})])
    const check = (changes: Partial<DoctorEntries>) => () => diagnoseDataset({ ...columns, ...changes }, classes, input)
    expect(check({ labels: Uint8Array.of(0, 2) })).toThrow(/label below 2/)
    expect(check({ splits: Uint8Array.of(0, 3) })).toThrow(/split 0–2/)
    expect(check({ widths: Uint32Array.of(0, 32) })).toThrow(/positive/)
    expect(check({ contentHashes: new Uint8Array(32) })).toThrow(/columns for 2 entries/)
    expect(check({})()).toMatchObject({ entryCount: 2, classCounts: [1, 1] })
  })
})

describe('doctorEntriesFrom', () => {
  it('stores 64-hex content hashes as their bytes and other strings as equal-for-equal 32-byte hashes', () => {
    const hex = '00ff10' + 'ab'.repeat(29)
    const names = ['a', 'b', 'a', hex, 'ab', 'ba']
    const columns = doctorEntriesFrom(names.map((contentHash) => entry({ contentHash })))
    const hashAt = (index: number) => hexOf(columns.contentHashes.subarray(32 * index, 32 * index + 32))
    expect(hashAt(3)).toBe(hex)
    expect(hashAt(0)).toBe(hashAt(2))
    expect(new Set([0, 1, 3, 4, 5].map(hashAt)).size).toBe(5)
    expect(columns.count).toBe(6)
    expect(columns.paths.at(4)).toBe(`img${serial - 1}.png`)
  })
})

describe('nearDuplicateGroups', () => {
  it('agrees with an all-pairs search on random hashes', () => {
    const hashes = randomHashes(7, 300, 6)
    const expected = bruteForceGroups(hashes, 4, () => true)
    expect(expected.length).toBeGreaterThan(10)
    expect(nearDuplicateGroups(pairsOf(hashes), 4)).toEqual(expected)
  })

  it('equals the all-pairs centre rule on thousands of hashes with planted near-copies, at every distance', () => {
    // A third are copies of an earlier hash with 0–7 bits flipped, so groups form at every distance tested.
    const hashes = randomHashes(2024, 3000, 8)
    // The verifier turns down some pairs, so a rejected candidate must stay free for a later centre.
    const accept = (centre: number, candidate: number) => (centre * 7 + candidate) % 5 !== 0
    for (const distance of [0, 1, 2, 4, 7]) {
      const expected = bruteForceGroups(hashes, distance, accept)
      expect(expected.length).toBeGreaterThan(50)
      expect(nearDuplicateGroups(pairsOf(hashes), distance, accept)).toEqual(expected)
    }
  })
})

describe('exactDuplicateGroups', () => {
  it('equals grouping by hash in a Map, in first-occurrence order, on random hashes with planted copies', () => {
    const random = makeRandom(99)
    const count = 4000
    const hashes = Uint8Array.from({ length: count * 32 }, () => random() & 0xff)
    for (let i = 1; i < count; i++) {
      const roll = random() % 10
      const source = random() % i
      if (roll < 2) {
        hashes.copyWithin(32 * i, 32 * source, 32 * source + 32) // an exact copy (groups of 2, 3, ...)
      } else if (roll < 4) {
        // Equal but for one byte: the comparison must look at every byte, not only the first.
        hashes.copyWithin(32 * i, 32 * source, 32 * source + 32)
        const byte = 32 * i + (random() % 32)
        hashes[byte] = hashes[byte]! ^ (1 + (random() % 255))
      }
    }
    const byHash = new Map<string, number[]>()
    for (let i = 0; i < count; i++) {
      const key = hexOf(hashes.subarray(32 * i, 32 * i + 32))
      byHash.set(key, [...(byHash.get(key) ?? []), i])
    }
    const expected = [...byHash.values()].filter((group) => group.length > 1)
    expect(expected.length).toBeGreaterThan(200)
    expect(expected.some((group) => group.length > 2)).toBe(true)
    expect(exactDuplicateGroups(hashes)).toEqual(expected)
  })
})

import { describe, expect, it } from 'vitest'
import { diagnoseDataset, nearDuplicateGroups } from '../../../app/data/doctor'
import type { DoctorEntry, DoctorReport, FindingKind } from '../../../app/data/doctor'
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

describe('diagnoseDataset', () => {
  it('reports nothing for a clean, balanced set', () => {
    const entries = Array.from({ length: 10 }, () => entry({}))
    const report = diagnoseDataset(entries, classes, input)
    expect(report.findings).toEqual([])
    expect(report.classCounts).toEqual([5, 5])
  })

  it('finds exact duplicates and calls out the ones that cross splits as leakage', () => {
    const a = entry({ contentHash: 'same', path: 'a.png' })
    const b = entry({ contentHash: 'same', path: 'b.png', perceptualHash: a.perceptualHash })
    const c = entry({ contentHash: 'other', path: 'c.png', split: 'train' })
    const d = entry({ contentHash: 'other', path: 'd.png', split: 'test', perceptualHash: c.perceptualHash })
    const report = diagnoseDataset([a, b, c, d, entry({}), entry({})], classes, input)
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
    const report = diagnoseDataset([original, near, far, entry({})], classes, input)
    const found = ofKind(report, 'near-duplicates')
    expect(found.map((finding) => [...finding.paths].sort())).toEqual([['near.png', 'original.png']])
    expect(ofKind(report, 'split-leakage')[0]!.paths).toHaveLength(2)
    const stricter = diagnoseDataset([original, near, far], classes, input, { nearDuplicateDistance: 3 })
    expect(ofKind(stricter, 'near-duplicates')).toEqual([])
  })

  it('reports empty classes and imbalance with the counts', () => {
    const entries = [...Array.from({ length: 8 }, () => entry({ label: 0 })), entry({ label: 1 }), entry({ label: 1 })]
    const report = diagnoseDataset(entries, ['cat', 'dog', 'bird'], input)
    const empty = ofKind(report, 'empty-class')
    expect(empty).toHaveLength(1)
    expect(empty[0]!.message).toMatch(/"bird"/)
    const imbalance = ofKind(report, 'class-imbalance')
    expect(imbalance).toHaveLength(1)
    expect(imbalance[0]!.message).toMatch(/"cat" has 8 .*"dog" has 2/)
    expect(ofKind(diagnoseDataset(entries, ['cat', 'dog'], input, { imbalanceRatio: 4 }), 'class-imbalance'))
      .toEqual([])
  })

  it('reports images much smaller than the input and extreme aspect ratios', () => {
    const entries = [
      entry({ path: 'tiny.png', width: 15, height: 40 }), entry({ path: 'ok.png', width: 16, height: 16 }),
      entry({ path: 'wide.png', width: 310, height: 100 }), entry({ path: 'edge.png', width: 300, height: 100 }),
    ]
    const report = diagnoseDataset(entries, classes, input)
    expect(ofKind(report, 'small-images')[0]!.paths).toEqual(['tiny.png'])
    expect(ofKind(report, 'extreme-aspect-ratio')[0]!.paths).toEqual(['wide.png'])
  })

  it('agrees with an all-pairs search on random hashes', () => {
    const random = makeRandom(7)
    const hashes: PerceptualHash[] = []
    for (let i = 0; i < 300; i++) {
      const source = i > 0 && random() % 3 === 0 ? hashes[random() % i]! : { high: random(), low: random() }
      let { high, low } = source
      const flips = random() % 6
      for (let f = 0; f < flips; f++) {
        const bit = random() % 64
        if (bit < 32) { low = (low ^ (1 << bit)) >>> 0 } else { high = (high ^ (1 << (bit - 32))) >>> 0 }
      }
      hashes.push({ high, low })
    }
    // Reference: the same centre rule, over all pairs.
    const assigned = new Set<number>()
    const expected: number[][] = []
    for (let centre = 0; centre < hashes.length; centre++) {
      if (assigned.has(centre)) {
        continue
      }
      const group = [centre]
      for (let other = centre + 1; other < hashes.length; other++) {
        if (!assigned.has(other) && hammingDistance(hashes[centre]!, hashes[other]!) <= 4) {
          group.push(other)
        }
      }
      if (group.length > 1) {
        group.forEach((member) => assigned.add(member))
        expected.push(group)
      }
    }
    expect(expected.length).toBeGreaterThan(10)
    expect(nearDuplicateGroups(hashes, 4)).toEqual(expected)
  })

  it('does not chain: a row of hashes each one bit from the next is not one group', () => {
    // h0, h1, ... where h(k) has the lowest k bits set: neighbours differ by 1 bit, h0 and h10 by 10.
    const hashes: PerceptualHash[] = Array.from({ length: 11 }, (_, k) => ({ high: 0, low: (2 ** k - 1) >>> 0 }))
    const groups = nearDuplicateGroups(hashes, 2)
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
    const report = diagnoseDataset(entries, ['only'], input, {
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
    const entries: DoctorEntry[] = []
    for (let i = 0; i < 100_000; i++) {
      entries.push({ path: `p${i}.png`, label: i % 10, split: i % 10 === 0 ? 'test' : 'train', width: 32, height: 32,
        contentHash: `h${i}`, perceptualHash: { high: random(), low: random() } })
    }
    // Plant one exact duplicate crossing splits and one near-duplicate pair.
    entries.push({ ...entries[5]!, path: 'copy.png', split: 'test' })
    const source = entries[17]!.perceptualHash
    entries.push({ ...entries[17]!, path: 'near.png', contentHash: 'nearContent',
      perceptualHash: { high: (source.high ^ 0x80000001) >>> 0, low: (source.low ^ 0x00010001) >>> 0 } })
    const started = performance.now()
    const report = diagnoseDataset(entries, Array.from({ length: 10 }, (_, i) => `class${i}`), input)
    console.log(`doctor over ${entries.length} entries: ${(performance.now() - started).toFixed(0)} ms`)
    expect(ofKind(report, 'exact-duplicates').map((finding) => finding.paths)).toEqual([['p5.png', 'copy.png']])
    expect(ofKind(report, 'split-leakage').map((finding) => finding.paths)).toEqual([['p5.png', 'copy.png']])
    // Random 64-bit hashes are almost never within 4 bits, so the planted pair should be the only near group.
    expect(ofKind(report, 'near-duplicates').map((finding) => [...finding.paths].sort()))
      .toEqual([['near.png', 'p17.png']])
  })
})

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
    const parents = hashes.map((_, i) => i)
    const root = (i: number): number => (parents[i] === i ? i : root(parents[i]!))
    for (let a = 0; a < hashes.length; a++) {
      for (let b = a + 1; b < hashes.length; b++) {
        if (hammingDistance(hashes[a]!, hashes[b]!) <= 4) {
          parents[root(b)] = root(a)
        }
      }
    }
    const expected = new Map<number, number[]>()
    hashes.forEach((_, i) => expected.set(root(i), [...(expected.get(root(i)) ?? []), i]))
    const normalise = (groups: number[][]) => groups.map((group) => group.join(',')).sort()
    expect(normalise(nearDuplicateGroups(hashes, 4)))
      .toEqual(normalise([...expected.values()].filter((group) => group.length > 1)))
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

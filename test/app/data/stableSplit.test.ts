import { describe, expect, test } from 'vitest'
import { Random } from '../../../app/engine/random'
import { hexKeys, splitKeyHash, stableStratifiedSplit } from '../../../app/data/stableSplit'

const fractions = { validation: 0.1, test: 0.15 }

/** `count` distinct keys like content hashes, and labels spread unevenly over `classCount` classes. */
function items(count: number, classCount: number, seed: number, prefix = 'k'): { keys: string[]; labels: Uint8Array } {
  const random = new Random(seed)
  const keys = Array.from({ length: count }, (_, i) => `${prefix}${i}-${random.nextUint32().toString(16)}`)
  // Skewed towards low classes, so class sizes differ.
  const skewed = (): number => Math.min(classCount - 1, Math.floor(random.uniform() ** 1.5 * classCount))
  const labels = Uint8Array.from({ length: count }, skewed)
  return { keys, labels }
}

function splitByKey(keys: readonly string[], codes: Uint8Array): Map<string, number> {
  return new Map(keys.map((key, i) => [key, codes[i]]))
}

function countPerClass(labels: Uint8Array, codes: Uint8Array, classCount: number): number[][] {
  const counts = Array.from({ length: 3 }, () => new Array<number>(classCount).fill(0))
  labels.forEach((label, i) => counts[codes[i]][label]++)
  return counts
}

describe('stableStratifiedSplit', () => {
  const { keys, labels } = items(5000, 7, 11)
  const codes = stableStratifiedSplit(keys, labels, 7, fractions, 42)

  test('is deterministic', () => {
    expect(stableStratifiedSplit(keys, labels, 7, fractions, 42)).toEqual(codes)
  })

  test('gives every key the same split whatever the order of the items', () => {
    const order = Int32Array.from(keys, (_, i) => i)
    new Random(3).shuffle(order)
    const shuffledKeys = Array.from(order, (i) => keys[i])
    const shuffledLabels = Uint8Array.from(order, (i) => labels[i])
    const shuffled = stableStratifiedSplit(shuffledKeys, shuffledLabels, 7, fractions, 42)
    expect(splitByKey(shuffledKeys, shuffled)).toEqual(splitByKey(keys, codes))
  })

  test('puts round(n × fraction) of each class in validation and test', () => {
    const classTotals = Array.from({ length: 7 }, (_, c) => labels.filter((label) => label === c).length)
    const counts = countPerClass(labels, codes, 7)
    for (let c = 0; c < 7; c++) {
      const validationError = counts[1][c] - Math.round(classTotals[c] * fractions.validation)
      const testError = counts[2][c] - Math.round(classTotals[c] * fractions.test)
      expect(Math.abs(validationError), `class ${c}`).toBeLessThanOrEqual(1)
      expect(Math.abs(testError), `class ${c}`).toBeLessThanOrEqual(1)
    }
  })

  test('validation holds the items whose keys hash lowest in their class, test the next', () => {
    for (let c = 0; c < 7; c++) {
      const members = keys.map((key, i) => ({ key, i })).filter(({ i }) => labels[i] === c)
      members.sort((a, b) => splitKeyHash(a.key, 42) - splitKeyHash(b.key, 42))
      const validationCount = Math.round(members.length * fractions.validation)
      const testEnd = validationCount + Math.round(members.length * fractions.test)
      const expected = members.map((_, rank) => (rank < validationCount ? 1 : rank < testEnd ? 2 : 0))
      expect(members.map(({ i }) => codes[i]), `class ${c}`).toEqual(expected)
    }
  })

  test('adding 10% new items moves at most a few percent of the old ones', () => {
    const extra = items(500, 7, 99, 'new')
    const grownKeys = [...keys, ...extra.keys]
    const grownLabels = Uint8Array.from([...labels, ...extra.labels])
    const grown = stableStratifiedSplit(grownKeys, grownLabels, 7, fractions, 42)
    let moved = 0
    for (let i = 0; i < keys.length; i++) {
      moved += grown[i] !== codes[i] ? 1 : 0
    }
    expect(moved / keys.length).toBeLessThan(0.03)
  })

  test('a different seed gives a different split', () => {
    const other = stableStratifiedSplit(keys, labels, 7, fractions, 43)
    const differing = other.filter((code, i) => code !== codes[i]).length
    expect(differing).toBeGreaterThan(keys.length * 0.2)
  })

  test('items sharing a key share a split, even across classes', () => {
    const random = new Random(8)
    // 2000 items over 300 keys: groups of duplicates, some labelled differently.
    const dupKeys = Array.from({ length: 2000 }, () => `hash-${random.integer(300)}`)
    const dupLabels = Uint8Array.from({ length: 2000 }, () => random.integer(3))
    const split = stableStratifiedSplit(dupKeys, dupLabels, 3, { validation: 0.2, test: 0.2 }, 5)
    const seen = new Map<string, number>()
    dupKeys.forEach((key, i) => {
      expect(seen.get(key) ?? split[i], key).toBe(split[i])
      seen.set(key, split[i])
    })
    expect(new Set(split).size).toBe(3)
    // And the order the duplicates are found in does not matter.
    const order = Int32Array.from(dupKeys, (_, i) => i)
    new Random(4).shuffle(order)
    const shuffledKeys = Array.from(order, (i) => dupKeys[i])
    const shuffledLabels = Uint8Array.from(order, (i) => dupLabels[i])
    const shuffled = stableStratifiedSplit(shuffledKeys, shuffledLabels, 3, { validation: 0.2, test: 0.2 }, 5)
    expect(splitByKey(shuffledKeys, shuffled)).toEqual(seen)
  })

  test('respects fixed items: a val/ folder means no free item is carved into validation', () => {
    const fixed = new Int8Array(keys.length).fill(-1)
    for (let i = 0; i < keys.length; i += 9) {
      fixed[i] = 1 // a val/ folder
    }
    const split = stableStratifiedSplit(keys, labels, 7, fractions, 42, fixed)
    for (let i = 0; i < keys.length; i++) {
      if (fixed[i] === 1) {
        expect(split[i]).toBe(1)
      } else {
        expect(split[i], `free item ${i}`).not.toBe(1)
      }
    }
    // Test is still carved: round(n × test) of each class, n counting the class's pool (its items not in val/).
    const counts = countPerClass(labels, split, 7)
    for (let c = 0; c < 7; c++) {
      const pool = labels.filter((label, i) => label === c && fixed[i] !== 1).length
      expect(counts[2][c]).toBe(Math.round(pool * fractions.test))
    }
  })

  test('a fixed test part (IDX, CIFAR) leaves test alone and carves validation from the free items', () => {
    const fixed = Int8Array.from(keys, (_, i) => (i < 1000 ? 2 : -1))
    const split = stableStratifiedSplit(keys, labels, 7, fractions, 42, fixed)
    expect(split.subarray(0, 1000).every((code) => code === 2)).toBe(true)
    expect(split.subarray(1000).includes(2)).toBe(false)
    // Validation is a fraction of each class's training pool (the items not fixed to test), as Keras carves it.
    const counts = countPerClass(labels, split, 7)
    for (let c = 0; c < 7; c++) {
      const pool = labels.filter((label, i) => label === c && i >= 1000).length
      expect(counts[1][c]).toBe(Math.round(pool * fractions.validation))
    }
    // Items fixed to train (a train/ folder) stay there even where the free ones could not fill validation.
    const fixedTrain = Int8Array.from(keys, (_, i) => (i < 4900 ? 0 : -1))
    const other = stableStratifiedSplit(keys, labels, 7, { validation: 0.1, test: 0 }, 42, fixedTrain)
    expect(other.subarray(0, 4900).every((code) => code === 0)).toBe(true)
    expect(other.subarray(4900).every((code) => code === 1)).toBe(true)
  })

  test('small classes: a class of one stays in training, an empty class is fine', () => {
    // Class 1 has four items: round(4 × 0.1) = 0 for validation, round(4 × 0.15) = 1 for test.
    const split = stableStratifiedSplit(['a', 'b', 'c', 'd', 'e'], Uint8Array.of(0, 1, 1, 1, 1), 3, fractions, 1)
    expect(split[0]).toBe(0)
    expect(Array.from(split.subarray(1)).sort()).toEqual([0, 0, 0, 2])
  })

  test('refuses inconsistent arguments, saying what was wrong', () => {
    expect(() => stableStratifiedSplit(['a'], Uint8Array.of(0, 0), 1, fractions, 1)).toThrow(/1 keys for 2 labels/)
    expect(() => stableStratifiedSplit(['a'], Uint8Array.of(3), 2, fractions, 1)).toThrow(/label 3 at 0/)
    const one = Uint8Array.of(0)
    expect(() => stableStratifiedSplit(['a'], one, 1, fractions, 1, Int8Array.of(3))).toThrow(/fixed code 3/)
    expect(() => stableStratifiedSplit(['a'], one, 1, { validation: 0.5, test: 0.5 }, 1)).toThrow(/fractions/)
    expect(() => stableStratifiedSplit(['a'], Uint8Array.of(0), 1, fractions, -1)).toThrow(/seed/)
  })
})

describe('hexKeys', () => {
  test('splits byte keys exactly as their lower-case hex strings, duplicates and fixed items included', () => {
    const random = new Random(21)
    const count = 3000
    const width = 32
    const bytes = Uint8Array.from({ length: count * width }, () => random.nextUint32() & 255)
    for (let i = 0; i < 200; i++) {
      const from = Math.floor(random.uniform() * count)
      const to = Math.floor(random.uniform() * count)
      bytes.copyWithin(to * width, from * width, (from + 1) * width) // planted exact duplicates
    }
    const hex = Array.from({ length: count }, (_, i) => Buffer.from(bytes.subarray(i * width, (i + 1) * width))
      .toString('hex'))
    const labels = Uint8Array.from({ length: count }, () => Math.floor(random.uniform() * 5))
    const fixed = Int8Array.from({ length: count }, () => (random.uniform() < 0.1 ? 2 : -1))
    const keys = hexKeys(bytes, width)
    expect(keys.hash(7, 9)).toBe(splitKeyHash(hex[7], 9))
    expect(stableStratifiedSplit(keys, labels, 5, fractions, 9, fixed))
      .toEqual(stableStratifiedSplit(hex, labels, 5, fractions, 9, fixed))
    expect(stableStratifiedSplit(keys, labels, 5, fractions, 4)).toEqual(stableStratifiedSplit(hex, labels, 5, fractions, 4))
  })
})

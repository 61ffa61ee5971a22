// PackedStrings keeps strings as UTF-8 in one array: every string must come back exactly (non-ASCII, empty,
// astral characters), across many growths; PackedStringIndex must find what a Map would.

import { describe, expect, test } from 'vitest'
import { PackedStringIndex, PackedStrings } from '../../../app/formats/packedStrings'
import { Random } from '../../../app/engine/random'

const SAMPLES = ['', 'a.png', 'klasse Ä/über.png', 'クラス/画像 1.jpg', 'emoji/😀.png', 'a'.repeat(5000), 'a.png']

function randomPath(random: Random): string {
  const alphabet = 'abcXYZ/ ._-éü日本😀'
  const characters = [...alphabet]
  const length = 1 + Math.floor(random.uniform() * 30)
  return Array.from({ length }, () => characters[Math.floor(random.uniform() * characters.length)]).join('')
}

describe('PackedStrings', () => {
  test('gives back every string exactly, in order, after many growths', () => {
    const random = new Random(3)
    const strings = [...SAMPLES, ...Array.from({ length: 5000 }, () => randomPath(random))]
    const packed = PackedStrings.from(strings)
    expect(packed.count).toBe(strings.length)
    expect([...packed]).toEqual(strings)
    expect(packed.byteLength).toBe(strings.reduce((sum, text) => sum + Buffer.byteLength(text), 0))
    expect(packed.at(3)).toBe('クラス/画像 1.jpg')
    expect(() => packed.at(strings.length)).toThrow(/outside/)
    expect(() => packed.at(-1)).toThrow(/outside/)
  })

  test('pushFrom copies a string from another list; indexOf finds the first equal one', () => {
    const source = PackedStrings.from(SAMPLES)
    const copy = new PackedStrings()
    copy.pushFrom(source, 4)
    copy.pushFrom(source, 0)
    expect([...copy]).toEqual(['emoji/😀.png', ''])
    expect(source.indexOf('a.png')).toBe(1)
    expect(source.indexOf('a.pn')).toBe(-1)
    expect(source.indexOf('')).toBe(0)
  })

  test('compare orders as code points do (UTF-8 byte order), unlike UTF-16 order for astral characters', () => {
    const packed = PackedStrings.from(['\uffff', '😀', 'b', 'ba'])
    expect(packed.compare(0, 1)).toBeLessThan(0) // U+FFFF < U+1F600, though '\uffff' > '\ud83d' in UTF-16
    expect(packed.compare(2, 3)).toBeLessThan(0)
    expect(packed.compare(3, 3)).toBe(0)
  })
})

describe('PackedStringIndex', () => {
  test('finds the same positions as a Map of the first occurrences', () => {
    const random = new Random(8)
    const strings = Array.from({ length: 3000 }, () => randomPath(random))
    strings.push(...strings.slice(0, 50)) // duplicates: the first position wins
    const firstOf = new Map<string, number>()
    strings.forEach((text, i) => firstOf.has(text) || firstOf.set(text, i))
    const index = new PackedStringIndex(PackedStrings.from(strings))
    for (const [text, position] of firstOf) {
      expect(index.find(text)).toBe(position)
    }
    for (let i = 0; i < 200; i++) {
      const absent = `${randomPath(random)}#absent`
      expect(index.find(absent)).toBe(-1)
    }
    expect(new PackedStringIndex(new PackedStrings()).find('x')).toBe(-1)
  })
})

import { describe, expect, test } from 'vitest'
import { Random } from '../../../app/engine/random'

function draws(random: Random, count: number): number[] {
  return Array.from({ length: count }, () => random.nextUint32())
}

describe('Random', () => {
  test('follows the xoshiro128** reference sequence from state {1, 2, 3, 4}', () => {
    // Values from Vigna's reference xoshiro128starstar.c v1.1, as used in the rand_xoshiro crate's tests.
    const random = new Random(0)
    random.setState(Uint32Array.of(1, 2, 3, 4))
    expect(draws(random, 10)).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804,
    ])
  })

  test('the same seed gives the same sequence; nearby seeds (including the high 32 bits) differ', () => {
    expect(draws(new Random(42), 8)).toEqual(draws(new Random(42), 8))
    const sequences = [0, 1, 2, 2 ** 32, 2 ** 32 + 1, -1].map((seed) => draws(new Random(seed), 4).join(','))
    expect(new Set(sequences).size).toBe(sequences.length)
  })

  test('getState/setState resumes exactly', () => {
    const random = new Random(7)
    draws(random, 5)
    const saved = random.getState()
    const expected = [random.uniform(), random.normal(), random.integer(10)]
    random.setState(saved)
    expect([random.uniform(), random.normal(), random.integer(10)]).toEqual(expected)
  })

  test('uniform is in [0, 1) with mean ≈ 1/2; normal has mean ≈ 0 and variance ≈ 1', () => {
    const random = new Random(3)
    const count = 20_000
    const uniforms = Array.from({ length: count }, () => random.uniform())
    expect(Math.min(...uniforms)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...uniforms)).toBeLessThan(1)
    expect(Math.abs(uniforms.reduce((a, b) => a + b) / count - 0.5)).toBeLessThan(0.01) // σ of the mean ≈ 0.002
    const normals = Array.from({ length: count }, () => random.normal())
    const mean = normals.reduce((a, b) => a + b) / count
    const variance = normals.reduce((sum, x) => sum + (x - mean) ** 2, 0) / count
    expect(Math.abs(mean)).toBeLessThan(0.03) // σ of the mean ≈ 0.007
    expect(Math.abs(variance - 1)).toBeLessThan(0.05) // σ of the variance ≈ 0.01
  })

  test('integer covers [0, max) evenly', () => {
    const random = new Random(5)
    const counts = new Array(6).fill(0)
    for (let i = 0; i < 60_000; i++) {
      counts[random.integer(6)]++
    }
    for (const count of counts) {
      expect(Math.abs(count - 10_000)).toBeLessThan(500) // σ ≈ 91
    }
    expect(() => random.integer(0)).toThrow(/maxExclusive.*got 0/)
  })

  test('shuffle is a deterministic permutation', () => {
    const a = Int32Array.from({ length: 50 }, (_, i) => i)
    const b = Array.from({ length: 50 }, (_, i) => i)
    new Random(9).shuffle(a)
    new Random(9).shuffle(b)
    expect(Array.from(a)).toEqual(b)
    expect(b).not.toEqual(Array.from({ length: 50 }, (_, i) => i))
    expect([...b].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i))
  })

  test('rejects bad seeds and states', () => {
    expect(() => new Random(1.5)).toThrow(/seed must be a safe integer, got 1.5/)
    expect(() => new Random(0).setState(new Uint32Array(4))).toThrow(/not all zero/)
  })
})

// The engine's one source of randomness: xoshiro128** 1.1 (Blackman & Vigna, https://prng.di.unimi.it/),
// seeded through splitmix32. Every weight initialisation, shuffle and augmentation draws from an explicitly
// seeded instance, so a run is reproducible and resumable (getState/setState). Not for cryptography.

import { assert } from './assert'

const TWO_TO_32 = 4294967296

/** splitmix32 step: turns a counter into a well-mixed 32-bit word; used only to expand seeds. */
function splitmix32(counter: number): number {
  let t = counter
  t = Math.imul(t ^ (t >>> 16), 0x21f0aaad)
  t = Math.imul(t ^ (t >>> 15), 0x735a2d97)
  return (t ^ (t >>> 15)) >>> 0
}

/**
 * A well-mixed 32-bit word from two: a counter-based hash for randomness that must not depend on the order of
 * draws (dropout masks are a pure function of (step seed, layer, sample, unit), so any thread split gives the
 * same mask). Chain it for more words: mixWords(mixWords(a, b), c).
 */
export function mixWords(a: number, b: number): number {
  return splitmix32(a ^ splitmix32((b + 0x9e3779b9) | 0))
}

/** mixWords as a uniform number in [0, 1). */
export function wordToUnit(word: number): number {
  return word / TWO_TO_32
}

function rotateLeft(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k))
}

export class Random {
  private readonly state = new Uint32Array(4)

  /** Any safe integer is a seed; both 32-bit halves of it matter. Seed 0 is as good as any other. */
  constructor(seed: number) {
    assert(Number.isSafeInteger(seed), () => `Random: seed must be a safe integer, got ${seed}`)
    const low = seed >>> 0
    const high = Math.floor(seed / TWO_TO_32) >>> 0
    // splitmix32 is a bijection, so every seed below 2^32 gets a different state; the high half is hashed first.
    let counter = low ^ splitmix32((high + 0x9e3779b9) | 0)
    for (let i = 0; i < 4; i++) {
      counter = (counter + 0x9e3779b9) | 0
      this.state[i] = splitmix32(counter)
    }
    if (this.state.every((word) => word === 0)) {
      this.state[0] = 1 // xoshiro must never hold an all-zero state; splitmix32 makes this unreachable in practice
    }
  }

  /** The next raw 32-bit output, an integer in [0, 2^32). */
  nextUint32(): number {
    const s = this.state
    const result = Math.imul(rotateLeft(Math.imul(s[1], 5), 7), 9) >>> 0
    const t = s[1] << 9
    s[2] ^= s[0]
    s[3] ^= s[1]
    s[1] ^= s[2]
    s[0] ^= s[3]
    s[2] ^= t
    s[3] = rotateLeft(s[3], 11)
    return result
  }

  /** Uniform in [0, 1) with 32 random bits. (Stored into a Float32Array it can round up to 1.) */
  uniform(): number {
    return this.nextUint32() / TWO_TO_32
  }

  /** Standard normal (mean 0, standard deviation 1) by Box–Muller; uses two draws, keeps no spare. */
  normal(): number {
    const u1 = 1 - this.uniform() // (0, 1], so the logarithm is finite
    const u2 = this.uniform()
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2)
  }

  /** Uniform integer in [0, maxExclusive), without modulo bias (rejects the incomplete top range). */
  integer(maxExclusive: number): number {
    assert(
      Number.isInteger(maxExclusive) && maxExclusive >= 1 && maxExclusive <= TWO_TO_32,
      () => `Random.integer: maxExclusive must be an integer from 1 to 2^32, got ${maxExclusive}`,
    )
    const limit = TWO_TO_32 - (TWO_TO_32 % maxExclusive)
    let x = this.nextUint32()
    while (x >= limit) {
      x = this.nextUint32()
    }
    return x % maxExclusive
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T>(items: T[] | Int32Array): void {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.integer(i + 1)
      const kept = items[i]
      items[i] = items[j]
      items[j] = kept
    }
  }

  /** A copy of the four state words; setState(getState()) resumes the exact sequence. */
  getState(): Uint32Array {
    return Uint32Array.from(this.state)
  }

  setState(state: Uint32Array): void {
    assert(
      state.length === 4 && state.some((word) => word !== 0),
      () => `Random.setState: expected 4 words, not all zero, got [${Array.from(state).join(', ')}]`,
    )
    this.state.set(state)
  }
}

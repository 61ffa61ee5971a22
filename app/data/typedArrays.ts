// Small helpers over typed arrays shared by the column-by-column dataset code (packed paths, content hashes,
// the split and the doctor): byte order of byte ranges and of fixed-width records, lower-case hex text of bytes,
// and growing an array as items are appended. Pure.

/** Byte-wise order of a[aStart, aEnd) and b[bStart, bEnd); a proper prefix comes first. */
export function compareBytes(
  a: Uint8Array, aStart: number, aEnd: number,
  b: Uint8Array, bStart: number, bEnd: number,
): number {
  const length = Math.min(aEnd - aStart, bEnd - bStart)
  for (let i = 0; i < length; i++) {
    const difference = a[aStart + i]! - b[bStart + i]!
    if (difference !== 0) {
      return difference
    }
  }
  return (aEnd - aStart) - (bEnd - bStart)
}

/** Order of records a and b of `width` bytes each (e.g. SHA-256 content hashes): the order of their hex text. */
export function compareRecords(bytes: Uint8Array, width: number, a: number, b: number): number {
  return compareBytes(bytes, a * width, (a + 1) * width, bytes, b * width, (b + 1) * width)
}

const HEX_PAIRS = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'))

/**
 * The bytes as lower-case hex, one flat string: joined, not built with +, since 100,000 hashes of 32 concatenated
 * pairs make ropes of millions of nodes that took ~5× longer to write out.
 */
export function hexOf(bytes: Uint8Array): string {
  const pairs = new Array<string>(bytes.length)
  for (let i = 0; i < bytes.length; i++) {
    pairs[i] = HEX_PAIRS[bytes[i]!]!
  }
  return pairs.join('')
}

/** Writes hex digits (already checked: even length, 0-9a-f) as bytes into target at offset. */
export function writeHex(text: string, target: Uint8Array, offset: number): void {
  for (let i = 0; i < text.length / 2; i++) {
    target[offset + i] = parseInt(text.slice(2 * i, 2 * i + 2), 16)
  }
}

type Growable = Uint8Array | Int8Array | Int32Array | Uint32Array

/** `array` if it holds `needed` items, else a copy in a new array ~1.5× as long (at least `needed`, at least 64). */
export function grown<T extends Growable>(array: T, needed: number, make: new (length: number) => T): T {
  if (needed <= array.length) {
    return array
  }
  const bigger = new make(Math.max(needed, Math.ceil(array.length * 1.5), 64))
  bigger.set(array)
  return bigger
}

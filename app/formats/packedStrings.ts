// Many short strings (the paths of 100,000 image files) packed as UTF-8 in one growing byte array with an offset
// per string, and a sorted index over them for lookups by value. A JS array of strings costs V8 ~60–100 bytes of
// heap per path and keeps the garbage collector's thresholds growing with the dataset; this costs the UTF-8 bytes
// plus 4 and lives outside the JS heap. Strings are decoded only when asked for, one at a time.

import { compareBytes, grown } from '../data/typedArrays'
import { decodeUtf8Strict, encodeUtf8, encodeUtf8Into } from './utf8'

export class PackedStrings {
  private bytes = new Uint8Array(1024)
  /** String i is bytes[starts[i], starts[i + 1]); starts[0] = 0. */
  private starts = new Uint32Array(64)
  private size = 0

  static from(strings: Iterable<string>): PackedStrings {
    const packed = new PackedStrings()
    for (const text of strings) {
      packed.push(text)
    }
    return packed
  }

  get count(): number {
    return this.size
  }

  /** Bytes of UTF-8 held (the memory this costs, beside 4 bytes per string). */
  get byteLength(): number {
    return this.starts[this.size]
  }

  push(text: string): number {
    const end = this.starts[this.size]
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    this.bytes = grown(this.bytes, end + 3 * text.length, Uint8Array)
    const written = encodeUtf8Into(text, this.bytes.subarray(end))
    this.starts = grown(this.starts, this.size + 2, Uint32Array)
    this.starts[++this.size] = end + written
    return this.size - 1
  }

  /** Appends string i of `other` without decoding it. */
  pushFrom(other: PackedStrings, index: number): number {
    const source = other.bytesAt(index)
    const end = this.starts[this.size]
    this.bytes = grown(this.bytes, end + source.length, Uint8Array)
    this.bytes.set(source, end)
    this.starts = grown(this.starts, this.size + 2, Uint32Array)
    this.starts[++this.size] = end + source.length
    return this.size - 1
  }

  at(index: number): string {
    // Always well-formed: the bytes were written by encodeUtf8Into (a lone surrogate became U+FFFD there).
    return decodeUtf8Strict(this.bytesAt(index))
  }

  /** The UTF-8 bytes of string i (a view, not a copy). */
  bytesAt(index: number): Uint8Array {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) {
      throw new RangeError(`PackedStrings.at: index ${index} is outside 0..${this.size - 1}`)
    }
    return this.bytes.subarray(this.starts[index], this.starts[index + 1])
  }

  /** Byte-wise order of strings a and b (UTF-8 byte order is code-point order): negative, 0 or positive. */
  compare(a: number, b: number): number {
    return compareBytes(this.bytes, this.starts[a], this.starts[a + 1], this.bytes, this.starts[b], this.starts[b + 1])
  }

  /** The first position holding `text`, or -1: one pass, for a single lookup (PackedStringIndex for many). */
  indexOf(text: string): number {
    const wanted = encodeUtf8(text)
    for (let i = 0; i < this.size; i++) {
      const start = this.starts[i]
      if (compareBytes(this.bytes, start, this.starts[i + 1], wanted, 0, wanted.length) === 0) {
        return i
      }
    }
    return -1
  }

  *[Symbol.iterator](): IterableIterator<string> {
    for (let i = 0; i < this.size; i++) {
      yield this.at(i)
    }
  }
}

/** Finds strings of a PackedStrings by value: 4 bytes per string (their sorted order), binary search per lookup. */
export class PackedStringIndex {
  private readonly order: Uint32Array

  constructor(private readonly strings: PackedStrings) {
    // Equal strings keep their original order, so find() returns the first of them.
    this.order = Uint32Array.from({ length: strings.count }, (_, i) => i)
      .sort((a, b) => strings.compare(a, b) || a - b)
  }

  /** The position of the first string equal to `text`, or -1. */
  find(text: string): number {
    const wanted = encodeUtf8(text)
    let low = 0
    let high = this.order.length
    while (low < high) {
      const middle = (low + high) >>> 1
      const candidate = this.strings.bytesAt(this.order[middle])
      if (compareBytes(candidate, 0, candidate.length, wanted, 0, wanted.length) < 0) {
        low = middle + 1
      } else {
        high = middle
      }
    }
    if (low === this.order.length) {
      return -1
    }
    const found = this.strings.bytesAt(this.order[low])
    return compareBytes(found, 0, found.length, wanted, 0, wanted.length) === 0 ? this.order[low] : -1
  }
}

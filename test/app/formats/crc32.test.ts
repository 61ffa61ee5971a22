import { crc32 as zlibCrc32 } from 'node:zlib'
import { describe, expect, test } from 'vitest'
import { crc32 } from '../../../app/formats/crc32'
import { Random } from '../../../app/engine/random'

function randomBytes(length: number, seed: number): Uint8Array {
  const random = new Random(seed)
  return Uint8Array.from({ length }, () => random.integer(256))
}

describe('crc32', () => {
  test('gives the published check value of "123456789" and 0 for no bytes', () => {
    // The standard CRC-32 check value (e.g. the "Catalogue of parametrised CRC algorithms", CRC-32/ISO-HDLC).
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926)
    expect(crc32(new Uint8Array(0))).toBe(0)
  })

  test('agrees with zlib for every length 0–40 and every start alignment, and on a large buffer', () => {
    const bytes = randomBytes(300_000, 3)
    for (let start = 0; start < 4; start++) {
      for (let length = 0; length <= 40; length++) {
        const part = bytes.subarray(start, start + length)
        expect(crc32(part)).toBe(zlibCrc32(part))
      }
    }
    expect(crc32(bytes)).toBe(zlibCrc32(bytes))
  })

  test('continues over chunks: crc32(b, crc32(a)) is the CRC of a then b', () => {
    const bytes = randomBytes(1001, 4)
    for (const cut of [0, 1, 3, 500, 1001]) {
      expect(crc32(bytes.subarray(cut), crc32(bytes.subarray(0, cut)))).toBe(zlibCrc32(bytes))
    }
  })
})

// CRC-32 as in zlib, PNG, gzip and Python's binascii.crc32 / zlib.crc32 (reflected polynomial 0xEDB88320,
// initial value and final XOR 0xFFFFFFFF), so files that carry one can be checked with any standard tool.
// A checksum against accidental damage (bad disks, half-copied files), not a defence against tampering.

const POLYNOMIAL = 0xedb88320

/** Slicing-by-4 tables: TABLES[k][b] is the CRC of byte b followed by k zero bytes. Built once, 4 KiB. */
const TABLES = buildTables()

function buildTables(): Uint32Array[] {
  const tables = Array.from({ length: 4 }, () => new Uint32Array(256))
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 1 ? (crc >>> 1) ^ POLYNOMIAL : crc >>> 1
    }
    tables[0][byte] = crc >>> 0
  }
  for (let byte = 0; byte < 256; byte++) {
    for (let k = 1; k < 4; k++) {
      const previous = tables[k - 1][byte]
      tables[k][byte] = ((previous >>> 8) ^ tables[0][previous & 0xff]) >>> 0
    }
  }
  return tables
}

/**
 * The CRC-32 of `bytes`. Pass the result of a previous call as `previous` to continue over a following chunk:
 * crc32(b, crc32(a)) === crc32(a followed by b).
 */
export function crc32(bytes: Uint8Array, previous = 0): number {
  const [t0, t1, t2, t3] = TABLES
  let crc = ~previous >>> 0
  const length = bytes.length
  const wholeWords = length - (length % 4)
  let i = 0
  // Four bytes per round: several times faster than one table look-up per byte on large checkpoints.
  for (; i < wholeWords; i += 4) {
    crc ^= bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24)
    crc = t3[crc & 0xff] ^ t2[(crc >>> 8) & 0xff] ^ t1[(crc >>> 16) & 0xff] ^ t0[crc >>> 24]
  }
  for (; i < length; i++) {
    crc = t0[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8)
  }
  return ~crc >>> 0
}

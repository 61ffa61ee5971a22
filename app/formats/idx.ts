// The IDX format of MNIST and Fashion-MNIST: a pure byte codec for unsigned-byte arrays, plus the two shapes those
// datasets use (images count×rows×columns, labels count). Decompressing .gz files and reading folders is the
// host's job (main/services/idxImport.ts). Other IDX element types (int8, int16, int32, float32, float64) are
// recognised and refused with their name.
//
//   0x00 0x00 | dtype u8 | ndims u8 | ndims × size u32 big-endian | data (row-major, product of sizes elements)
// reference: http://yann.lecun.com/exdb/mnist/ ("FILE FORMATS FOR THE MNIST DATABASE")

import { ValidationError } from '../protocol/errors'

export type IdxArray = Readonly<{ dims: readonly number[]; data: Uint8Array }>

export type IdxImages = Readonly<{ count: number; height: number; width: number; pixels: Uint8Array }>

export const IDX_UNSIGNED_BYTE = 0x08

const DTYPE_NAMES: Readonly<Record<number, string>> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
}

const hex = (byte: number): string => `0x${byte.toString(16).padStart(2, '0')}`

/** Decodes an unsigned-byte IDX array; `name` (a file name) starts every error message. */
export function decodeIdx(bytes: Uint8Array, name: string): IdxArray {
  if (bytes.length < 4) {
    throw new ValidationError(
      `${name}: not an IDX file: ${bytes.length} bytes, shorter than the 4-byte magic`,
    )
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const isGzip = bytes[0] === 0x1f && bytes[1] === 0x8b
    throw new ValidationError(
      `${name}: not an IDX file: it starts with ${hex(bytes[0])} ${hex(bytes[1])}, expected 0x00 0x00` +
        (isGzip ? ' (this is gzip data; decompress it first)' : ''),
    )
  }
  const dtype = bytes[2]
  if (dtype !== IDX_UNSIGNED_BYTE) {
    const known = DTYPE_NAMES[dtype]
    throw new ValidationError(
      `${name}: unsupported IDX element type ${hex(dtype)}${known ? ` (${known})` : ' (not an IDX type)'}, ` +
        `expected ${hex(IDX_UNSIGNED_BYTE)} (unsigned byte)`,
    )
  }
  const dimCount = bytes[3]
  if (dimCount < 1) {
    throw new ValidationError(`${name}: IDX header declares 0 dimensions, expected at least 1`)
  }
  const headerBytes = 4 + 4 * dimCount
  if (bytes.length < headerBytes) {
    throw new ValidationError(
      `${name}: truncated IDX header: ${dimCount} dimensions need ${headerBytes} bytes, ` +
        `the file has ${bytes.length}`,
    )
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const dims = Array.from({ length: dimCount }, (_, d) => view.getUint32(4 + 4 * d, false))
  const elements = dims.reduce((product, size) => product * size, 1)
  const available = bytes.length - headerBytes
  if (available !== elements) {
    const problem = available < elements ? 'truncated data' : `${available - elements} bytes after the data`
    throw new ValidationError(
      `${name}: ${problem}: the header says ${dims.join('×')} = ${elements} bytes, the file holds ${available}`,
    )
  }
  return { dims, data: bytes.subarray(headerBytes) }
}

/** The bytes of an unsigned-byte IDX file holding `data` with the given dimensions. */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const elements = dims.reduce((product, size) => product * size, 1)
  if (dims.length < 1 || dims.length > 255 || dims.some((size) => !Number.isInteger(size) || size < 0)) {
    throw new RangeError(`encodeIdx: expected 1 to 255 whole dimensions ≥ 0, got [${dims.join(', ')}]`)
  }
  if (data.length !== elements) {
    throw new RangeError(`encodeIdx: ${dims.join('×')} needs ${elements} bytes, got ${data.length}`)
  }
  const headerBytes = 4 + 4 * dims.length
  const bytes = new Uint8Array(headerBytes + elements)
  const view = new DataView(bytes.buffer)
  bytes[2] = IDX_UNSIGNED_BYTE
  bytes[3] = dims.length
  dims.forEach((size, d) => view.setUint32(4 + 4 * d, size, false))
  bytes.set(data, headerBytes)
  return bytes
}

/** An IDX image file: three dimensions, count × rows × columns, one grey byte per pixel. */
export function decodeIdxImages(bytes: Uint8Array, name: string): IdxImages {
  const { dims, data } = decodeIdx(bytes, name)
  if (dims.length !== 3) {
    throw new ValidationError(
      `${name}: an image file has 3 dimensions (count×rows×columns), ` +
        `this one has ${dims.length} (${dims.join('×')})`,
    )
  }
  const [count, height, width] = dims
  if (height < 1 || width < 1) {
    throw new ValidationError(`${name}: images of ${height}×${width} pixels, expected at least 1×1`)
  }
  return { count, height, width, pixels: data }
}

/** An IDX label file: one dimension, one class index byte per image. */
export function decodeIdxLabels(bytes: Uint8Array, name: string): Uint8Array {
  const { dims, data } = decodeIdx(bytes, name)
  if (dims.length !== 1) {
    throw new ValidationError(
      `${name}: a label file has 1 dimension (count), this one has ${dims.length} (${dims.join('×')})`,
    )
  }
  return data
}

// The CIFAR-10 batch codec against batches built here record by record, and batches.meta.txt parsing.

import { describe, expect, test } from 'vitest'
import { CIFAR_RECORD_BYTES, decodeCifarBatch, parseCifarMeta } from '../../../app/formats/cifar'

/** Red of pixel (y, x) in image i is i+y, green is x, blue is y*x mod 256: every plane and pixel differ. */
function pixel(i: number, y: number, x: number, channel: number): number {
  return [(i + y) % 256, x, (y * x) % 256][channel]
}

function buildBatch(labels: number[]): Uint8Array {
  const bytes = new Uint8Array(labels.length * CIFAR_RECORD_BYTES)
  labels.forEach((label, i) => {
    const record = i * CIFAR_RECORD_BYTES
    bytes[record] = label
    for (let c = 0; c < 3; c++) {
      for (let y = 0; y < 32; y++) {
        for (let x = 0; x < 32; x++) {
          bytes[record + 1 + c * 1024 + y * 32 + x] = pixel(i, y, x, c)
        }
      }
    }
  })
  return bytes
}

describe('decodeCifarBatch', () => {
  test('turns planar records into HWC images with their labels', () => {
    const labels = [3, 0, 9]
    const batch = decodeCifarBatch(buildBatch(labels), 'data_batch_1.bin')
    expect(batch.count).toBe(3)
    expect([...batch.labels]).toEqual(labels)
    expect(batch.images.length).toBe(3 * 32 * 32 * 3)
    for (const [i, y, x] of [[0, 0, 0], [1, 5, 31], [2, 31, 7]]) {
      for (let c = 0; c < 3; c++) {
        expect(batch.images[((i * 32 + y) * 32 + x) * 3 + c]).toBe(pixel(i, y, x, c))
      }
    }
  })

  test('refuses a wrong length, naming the file, its length and the record size', () => {
    const bytes = buildBatch([1, 2]).subarray(0, CIFAR_RECORD_BYTES * 2 - 5)
    expect(() => decodeCifarBatch(bytes, 'test_batch.bin')).toThrow(
      new RegExp(`test_batch\\.bin.*${bytes.length} bytes.*multiple of ${CIFAR_RECORD_BYTES}`),
    )
    expect(() => decodeCifarBatch(new Uint8Array(0), 'empty.bin')).toThrow(/empty\.bin: .*0 bytes/)
  })
})

describe('parseCifarMeta', () => {
  test('reads one class per line, ignoring blank lines and CRLF', () => {
    expect(parseCifarMeta('airplane\r\nautomobile\n\nbird\n  \n')).toEqual(['airplane', 'automobile', 'bird'])
  })
})

import { describe, expect, test } from 'vitest'
import { encodeUploadChunk, planUploadChunks, recordBytes } from '../../../renderer/api/uploadChunks'

const file = (relativePath: string, size: number) => ({ relativePath, file: new Blob([new Uint8Array(size)]) })

describe('upload chunks', () => {
  test('a record takes both lengths, the UTF-8 path and the file', () => {
    expect(recordBytes(file('a/b.png', 10))).toBe(8 + 7 + 10)
    expect(recordBytes(file('ü/€.png', 0))).toBe(8 + Buffer.byteLength('ü/€.png'))
  })

  test('packs files in order up to the chunk size; a large file goes alone; too large ones are left out', () => {
    const files = [file('a', 40), file('b', 40), file('c', 40), file('big', 150), file('d', 10), file('huge', 500), file('e', 10)]
    const { chunks, tooLarge } = planUploadChunks(files, { chunkBytes: 100, chunkFiles: 100, maxRequestBytes: 200 })
    expect(chunks.map((chunk) => chunk.files.map((f) => f.relativePath))).toEqual([['a', 'b'], ['c'], ['big'], ['d', 'e']])
    expect(chunks.map((chunk) => chunk.fileBytes)).toEqual([80, 40, 150, 20])
    expect(tooLarge.map((f) => f.relativePath)).toEqual(['huge'])
    // Every byte of every file that fits is in exactly one chunk, and no chunk is over the request limit.
    const planned = chunks.flatMap((chunk) => chunk.files)
    expect(planned).toEqual(files.filter((f) => f.relativePath !== 'huge'))
    for (const chunk of chunks) {
      expect(chunk.files.reduce((sum, f) => sum + recordBytes(f), 0)).toBeLessThanOrEqual(200)
    }
  })

  test('caps the number of files per chunk', () => {
    const files = Array.from({ length: 7 }, (_, index) => file(`f${index}`, 1))
    const { chunks } = planUploadChunks(files, { chunkBytes: 1 << 20, chunkFiles: 3, maxRequestBytes: 1 << 20 })
    expect(chunks.map((chunk) => chunk.files.length)).toEqual([3, 3, 1])
  })

  test('encodes [u32 LE path length][path][u32 LE file length][bytes] per file', async () => {
    const body = Buffer.from(await encodeUploadChunk([{ relativePath: 'ü.png', file: new Blob(['AB']) }]).arrayBuffer())
    expect([...body]).toEqual([6, 0, 0, 0, ...Buffer.from('ü.png'), 2, 0, 0, 0, 65, 66])
  })
})

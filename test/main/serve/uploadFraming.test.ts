import { describe, expect, test } from 'vitest'
import { MAX_PATH_BYTES, parseUploadRecords } from '../../../main/serve/uploadFraming'
import { encodeUploadChunk } from '../../../renderer/api/uploadChunks'

/** The format as docs/protocol.md words it, written out with Buffer calls (independent of both codecs). */
function record(path: string | Buffer, bytes: Buffer, declaredLength = bytes.length): Buffer {
  const pathBytes = typeof path === 'string' ? Buffer.from(path, 'utf8') : path
  const head = Buffer.alloc(4)
  head.writeUInt32LE(pathBytes.length)
  const length = Buffer.alloc(4)
  length.writeUInt32LE(declaredLength)
  return Buffer.concat([head, pathBytes, length, bytes])
}

function refusal(body: Uint8Array): string {
  try {
    parseUploadRecords(body)
  } catch (error) {
    expect((error as { status?: number }).status).toBe(400)
    return (error as Error).message
  }
  throw new Error('expected the body to be refused')
}

describe('upload framing', () => {
  test('cuts a body into records, in order, with zero-byte and non-ASCII files', () => {
    const body = Buffer.concat([
      record('cats/1.png', Buffer.from([1, 2, 3])),
      record('über étoile/leer.png', Buffer.alloc(0)),
      record('dogs/2.png', Buffer.from('abcdef')),
    ])
    const records = parseUploadRecords(body)
    expect(records.map((r) => r.path)).toEqual(['cats/1.png', 'über étoile/leer.png', 'dogs/2.png'])
    expect(records.map((r) => Buffer.from(r.bytes))).toEqual([Buffer.from([1, 2, 3]), Buffer.alloc(0), Buffer.from('abcdef')])
  })

  test('reads what the browser client encodes', async () => {
    const files = [
      { relativePath: 'a/x.png', file: new Blob([new Uint8Array([9, 8, 7])]) },
      { relativePath: 'b/ü y.png', file: new Blob(['hello']) },
    ]
    const body = new Uint8Array(await encodeUploadChunk(files).arrayBuffer())
    const expected = Buffer.concat([record('a/x.png', Buffer.from([9, 8, 7])), record('b/ü y.png', Buffer.from('hello'))])
    expect(Buffer.from(body)).toEqual(expected)
    expect(parseUploadRecords(body).map((r) => [r.path, Buffer.from(r.bytes).toString('latin1')])).toEqual([
      ['a/x.png', '\u0009\u0008\u0007'],
      ['b/ü y.png', 'hello'],
    ])
  })

  test('refuses an empty body', () => {
    expect(refusal(new Uint8Array(0))).toMatch(/got 0 bytes, expected at least one record/)
  })

  test('refuses truncated records at every place a record can be cut', () => {
    const whole = record('cats/1.png', Buffer.from('0123456789'))
    for (let cut = 1; cut < whole.length; cut++) {
      expect(refusal(whole.subarray(0, cut)), `cut at ${cut}`).toMatch(/record 1 at byte 0: truncated: expected \d+ bytes of/)
    }
    const second = Buffer.concat([whole, whole.subarray(0, 6)])
    expect(refusal(second)).toMatch(`record 2 at byte ${whole.length}: truncated: expected 10 bytes of path, got 2`)
  })

  test('refuses a file length beyond the body, naming the file', () => {
    expect(refusal(record('cats/1.png', Buffer.from('abc'), 1000))).toMatch(
      /truncated: expected 1000 bytes of file "cats\/1.png", got 3/,
    )
    expect(refusal(record('cats/1.png', Buffer.from('abc'), 0xffffffff))).toMatch(/expected 4294967295 bytes/)
  })

  test('refuses empty, oversized and non-UTF-8 paths', () => {
    expect(refusal(record('', Buffer.from('x')))).toMatch(`path length 0, expected 1 to ${MAX_PATH_BYTES} bytes`)
    const huge = Buffer.alloc(8)
    huge.writeUInt32LE(MAX_PATH_BYTES + 1)
    expect(refusal(huge)).toMatch(`path length ${MAX_PATH_BYTES + 1}`)
    expect(refusal(record(Buffer.from([0xc3, 0x28]), Buffer.from('x')))).toMatch(/not valid UTF-8/)
  })
})

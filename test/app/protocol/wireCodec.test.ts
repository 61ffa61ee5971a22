import { describe, expect, test } from 'vitest'
import { decodeFrame, encodeFrame } from '../../../app/protocol/wireCodec'

describe('wireCodec', () => {
  test('typed arrays survive a round trip with their type, values and length', () => {
    const floats = new Float32Array([1.5, -2.25, Math.PI, 0])
    const bytes = new Uint8Array([0, 127, 255])
    const ints = new Int32Array([-7, 2 ** 30])
    const frame = { kind: 'event', nested: { floats, list: [bytes, ints] }, text: 'ok' }
    const decoded = decodeFrame(encodeFrame(frame)) as typeof frame
    expect(decoded.nested.floats).toBeInstanceOf(Float32Array)
    expect(Array.from(decoded.nested.floats)).toEqual(Array.from(floats))
    expect(decoded.nested.list[0]).toBeInstanceOf(Uint8Array)
    expect(Array.from(decoded.nested.list[0])).toEqual([0, 127, 255])
    expect(Array.from(decoded.nested.list[1] as Int32Array)).toEqual([-7, 2 ** 30])
    expect(decoded.text).toBe('ok')
  })

  test('a view into a larger buffer encodes only its own bytes', () => {
    const backing = new Uint8Array([9, 9, 1, 2, 3, 9])
    const view = backing.subarray(2, 5)
    const decoded = decodeFrame(encodeFrame({ view })) as { view: Uint8Array }
    expect(Array.from(decoded.view)).toEqual([1, 2, 3])
  })

  test('typed arrays are sent as base64 text, not as a JSON list of numbers', () => {
    const text = encodeFrame({ pixels: new Uint8Array(1000).fill(200) })
    expect(text).not.toContain('200,200')
    expect(text.length).toBeLessThan(1500)
  })

  test('invalid JSON throws', () => {
    expect(() => decodeFrame('{not json')).toThrow(SyntaxError)
  })
})

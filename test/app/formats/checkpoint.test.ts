import { crc32 as zlibCrc32 } from 'node:zlib'
import { describe, expect, test } from 'vitest'
import { decodeCheckpoint, encodeCheckpoint } from '../../../app/formats/checkpoint'
import type { Checkpoint } from '../../../app/formats/checkpoint'
import { presetSpec } from '../../../app/model/presets'
import { validateNetworkSpec } from '../../../app/model/validateSpec'
import { makeCheckpoint } from './checkpointFixture'

type Header = Record<string, any>

/** Reads the framing the way docs/checkpoint-format.md describes it, independently of the codec. */
function parts(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const headerLength = view.getUint32(12, true)
  const header: Header = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + headerLength)))
  const dataStart = Math.ceil((16 + headerLength) / 8) * 8
  return { view, headerLength, header, dataStart, data: bytes.subarray(dataStart, dataStart + header.dataBytes) }
}

/** A file with the given header text and data area, a correct CRC (from zlib) and the given format version. */
function assemble(headerText: string, data: Uint8Array, version = 1): Uint8Array {
  const headerBytes = new TextEncoder().encode(headerText)
  const dataStart = Math.ceil((16 + headerBytes.length) / 8) * 8
  const bytes = new Uint8Array(dataStart + data.length + 4)
  bytes.set(new TextEncoder().encode('CNNSCKPT'))
  const view = new DataView(bytes.buffer)
  view.setUint32(8, version, true)
  view.setUint32(12, headerBytes.length, true)
  bytes.set(headerBytes, 16)
  bytes.set(data, dataStart)
  view.setUint32(dataStart + data.length, zlibCrc32(bytes.subarray(0, dataStart + data.length)), true)
  return bytes
}

/** The same file with its header changed by `edit`, everything else (data, CRC) consistent. */
function rewriteHeader(bytes: Uint8Array, edit: (header: Header) => void): Uint8Array {
  const { header, data } = parts(bytes)
  edit(header)
  return assemble(JSON.stringify(header), data)
}

function bitsEqual(a: Float32Array | Uint32Array | Int32Array, b: Float32Array | Uint32Array | Int32Array): boolean {
  const wordsA = new Uint32Array(a.buffer, a.byteOffset, a.length)
  const wordsB = new Uint32Array(b.buffer, b.byteOffset, b.length)
  return wordsA.length === wordsB.length && wordsA.every((word, i) => word === wordsB[i])
}

function expectSameCheckpoint(decoded: Checkpoint, original: Checkpoint): void {
  const { weights, state, optimizerState, rngState, epochOrder, ...json } = original
  const { weights: w, state: s, optimizerState: o, rngState: r, epochOrder: e, ...decodedJson } = decoded
  expect(decodedJson).toEqual(json)
  expect([w, s, o].map((array) => array.constructor)).toEqual([Float32Array, Float32Array, Float32Array])
  expect(r).toBeInstanceOf(Uint32Array)
  expect(e).toBeInstanceOf(Int32Array)
  expect([bitsEqual(w, weights), bitsEqual(s, state), bitsEqual(o, optimizerState)]).toEqual([true, true, true])
  expect(Array.from(r)).toEqual(Array.from(rngState))
  expect(Array.from(e)).toEqual(Array.from(epochOrder))
}

const checkpoint = makeCheckpoint()
const encoded = encodeCheckpoint(checkpoint)

describe('checkpoint codec: round trip', () => {
  test('gives back every field, with the exact bit pattern of every float', () => {
    expect(checkpoint.weights.some(Number.isNaN)).toBe(true) // the fixture does exercise odd bit patterns
    expectSameCheckpoint(decodeCheckpoint(encoded), checkpoint)
  })

  test('handles large arrays (4 million weights) and views into larger buffers', () => {
    const large = makeCheckpoint({ weightCount: 4_000_000, seed: 9 })
    const backing = new Float32Array(large.weights.length + 3)
    backing.set(large.weights, 3)
    const viewed = { ...large, weights: backing.subarray(3) }
    const bytes = encodeCheckpoint(viewed)
    expect(bytes.length).toBeGreaterThan(2 * 4_000_000 * 4)
    expectSameCheckpoint(decodeCheckpoint(bytes), large)
  })

  test('handles empty sections (no batch norm, optimiser state or order) and a file inside a larger buffer', () => {
    const empty = {
      ...makeCheckpoint(),
      stateNames: [],
      stateLengths: [],
      state: new Float32Array(0),
      optimizerState: new Float32Array(0),
      epochOrder: new Int32Array(0),
      earlyStopping: null,
      optimizerInfo: null,
      history: [],
    }
    const bytes = encodeCheckpoint(empty)
    const larger = new Uint8Array(bytes.length + 5)
    larger.set(bytes, 5)
    expectSameCheckpoint(decodeCheckpoint(larger.subarray(5)), empty)
  })

  test('keeps the network spec as JSON that validateNetworkSpec accepts back unchanged', () => {
    const spec = presetSpec('lenet', { height: 28, width: 28, channels: 1 }, 10)
    const decoded = decodeCheckpoint(encodeCheckpoint({ ...checkpoint, spec }))
    expect(validateNetworkSpec(decoded.spec, 'checkpoint spec')).toEqual(spec)
  })

  test('returns copies: changing the file bytes afterwards changes nothing decoded', () => {
    const bytes = encoded.slice()
    const decoded = decodeCheckpoint(bytes)
    bytes.fill(0)
    expectSameCheckpoint(decoded, checkpoint)
  })

  test('writes JSON as JSON.stringify does (NaN in history becomes null) and absent optional parts as null', () => {
    const odd = { ...checkpoint, history: [{ epoch: 1, trainLoss: NaN }], earlyStopping: undefined }
    const decoded = decodeCheckpoint(encodeCheckpoint(odd))
    expect(decoded.history).toEqual([{ epoch: 1, trainLoss: null }])
    expect(decoded.earlyStopping).toBeNull()
  })
})

describe('checkpoint codec: layout', () => {
  test('is the documented layout: magic, version 1, header, aligned sections, CRC-32 of the rest', () => {
    const { view, header, dataStart, data } = parts(encoded)
    expect(new TextDecoder().decode(encoded.subarray(0, 8))).toBe('CNNSCKPT')
    expect(view.getUint32(8, true)).toBe(1)
    expect(encoded.length).toBe(dataStart + header.dataBytes + 4)
    expect(view.getUint32(encoded.length - 4, true)).toBe(zlibCrc32(encoded.subarray(0, encoded.length - 4)))
    expect(header.sections.map((s: Header) => [s.name, s.dtype])).toEqual([
      ['weights', 'f32'],
      ['state', 'f32'],
      ['optimizerState', 'f32'],
      ['rngState', 'u32'],
      ['epochOrder', 'i32'],
    ])
    expect(header.paramNames).toEqual(checkpoint.paramNames)
    expect(header.paramLengths).toEqual(checkpoint.paramLengths)
    expect(header.progress).toEqual(checkpoint.progress)
    // A reader can take each section straight from the bytes as the header describes it.
    const weights = header.sections[0]
    const fromFile = new Float32Array(encoded.buffer, dataStart + weights.offset, weights.length)
    expect(bitsEqual(fromFile, checkpoint.weights)).toBe(true)
    const order = header.sections[4]
    expect(Array.from(new Int32Array(data.buffer, dataStart + order.offset, order.length))).toEqual(
      Array.from(checkpoint.epochOrder),
    )
  })

  test('aligns the data area and every section to 8 bytes whatever the header and array lengths', () => {
    for (let extra = 0; extra < 8; extra++) {
      const odd = makeCheckpoint({ runId: `run-${'x'.repeat(extra)}`, weightCount: 1000 + extra })
      const bytes = encodeCheckpoint({ ...odd, rngState: odd.rngState.subarray(0, 1 + extra) })
      const { dataStart, header, headerLength } = parts(bytes)
      expect(dataStart % 8).toBe(0)
      expect(dataStart - (16 + headerLength)).toBeLessThan(8)
      expect(bytes.subarray(16 + headerLength, dataStart).every((byte) => byte === 0)).toBe(true)
      for (const section of header.sections) {
        expect(section.offset % 8, section.name).toBe(0)
      }
      expect(decodeCheckpoint(bytes).weights.length).toBe(1000 + extra)
    }
  })
})

describe('checkpoint codec: refusals', () => {
  test('refuses a file that is not a checkpoint, naming what it found', () => {
    const zip = encoded.slice()
    zip.set([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0])
    expect(() => decodeCheckpoint(zip)).toThrow(/^not a CNN Studio checkpoint: the file starts with bytes 50 4b 03 04/)
    const dataset = encoded.slice()
    dataset.set(new TextEncoder().encode('CNNSDSET'))
    expect(() => decodeCheckpoint(dataset)).toThrow('not a CNN Studio checkpoint: the file starts with "CNNSDSET"')
  })

  test('refuses a newer format version, saying to update', () => {
    const { header, data } = parts(encoded)
    expect(() => decodeCheckpoint(assemble(JSON.stringify(header), data, 2))).toThrow(
      'checkpoint written by a newer CNN Studio (format 2, this one reads up to 1): update CNN Studio',
    )
    expect(() => decodeCheckpoint(assemble(JSON.stringify(header), data, 0))).toThrow(/corrupt: format version 0/)
  })

  test('refuses a truncated file at any length, saying expected vs actual bytes', () => {
    const { headerLength } = parts(encoded)
    for (const length of [0, 7, 15]) {
      expect(() => decodeCheckpoint(encoded.subarray(0, length))).toThrow(
        'checkpoint is truncated: expected at least 16 bytes (magic, version, header length), ' +
          `the file has ${length} bytes`,
      )
    }
    for (const length of [16, 16 + headerLength - 1]) {
      expect(() => decodeCheckpoint(encoded.subarray(0, length))).toThrow(
        `truncated: expected at least ${16 + headerLength} bytes to hold its ${headerLength}-byte header, ` +
          `the file has ${length} bytes`,
      )
    }
    for (const length of [16 + headerLength, Math.floor(encoded.length / 2), encoded.length - 1]) {
      expect(() => decodeCheckpoint(encoded.subarray(0, length))).toThrow(
        `truncated: expected ${encoded.length} bytes (as its header says), the file has ${length} bytes`,
      )
    }
  })

  test('refuses bytes after the end', () => {
    const longer = new Uint8Array(encoded.length + 3)
    longer.set(encoded)
    expect(() => decodeCheckpoint(longer)).toThrow(
      `corrupt: 3 unexpected bytes after the end (${encoded.length} bytes)`,
    )
  })

  // A smaller file than `encoded`, as these decode it once per byte.
  const small = encodeCheckpoint(makeCheckpoint({ weightCount: 64 }))

  test('the CRC detects a flipped bit in every data byte and the CRC itself', () => {
    const { dataStart } = parts(small)
    for (let i = dataStart; i < small.length; i++) {
      const damaged = small.slice()
      damaged[i] ^= 1 << (i % 8)
      expect(() => decodeCheckpoint(damaged), `byte ${i}`).toThrow(/^checkpoint is corrupted: its CRC-32 is 0x/)
    }
  })

  test('any flipped byte anywhere, header and padding included, is refused: never a wrong checkpoint', () => {
    for (let i = 0; i < small.length; i++) {
      const damaged = small.slice()
      damaged[i] ^= 0xff
      expect(() => decodeCheckpoint(damaged), `byte ${i}`).toThrow(/checkpoint|update CNN Studio/)
    }
  })

  test('refuses a header that is not JSON, or not a checkpoint header', () => {
    const { data } = parts(encoded)
    expect(() => decodeCheckpoint(assemble('{"runId": "a",', data))).toThrow(
      /^checkpoint is corrupt: the header is not valid JSON of a checkpoint: /,
    )
    expect(() => decodeCheckpoint(assemble('[1, 2]', data))).toThrow(/header: got an array of 2, expected an object/)
    const invalidUtf8 = assemble('{"a": "xx"}', data)
    invalidUtf8.set([0xc3, 0x28], 16 + 7)
    new DataView(invalidUtf8.buffer).setUint32(invalidUtf8.length - 4, zlibCrc32(invalidUtf8.subarray(0, -4)), true)
    expect(() => decodeCheckpoint(invalidUtf8)).toThrow(/corrupt: the header is not valid UTF-8/)
    expect(() => decodeCheckpoint(rewriteHeader(encoded, (h) => delete h.runId))).toThrow(
      'checkpoint is corrupt: the header is not valid: header.runId: got nothing, expected a string',
    )
    expect(() => decodeCheckpoint(rewriteHeader(encoded, (h) => (h.progress.epoch = -1)))).toThrow(
      /header.progress.epoch: got -1, expected an integer/,
    )
    expect(() => decodeCheckpoint(rewriteHeader(encoded, (h) => (h.createdAt = 'yesterday')))).toThrow(
      /header.createdAt: got "yesterday", expected an ISO 8601 time/,
    )
  })

  test('refuses a section outside the file, unaligned, repeated, missing or of the wrong type', () => {
    const outside = rewriteHeader(encoded, (h) => (h.sections[1].offset = h.dataBytes))
    expect(() => decodeCheckpoint(outside)).toThrow(/corrupt: section "state" \(data bytes \d+ to \d+\) lies outside/)
    const long = rewriteHeader(encoded, (h) => (h.sections[4].length += 1))
    expect(() => decodeCheckpoint(long)).toThrow(/section "epochOrder" .* lies outside the file/)
    const unaligned = rewriteHeader(encoded, (h) => (h.sections[3].offset += 4))
    expect(() => decodeCheckpoint(unaligned)).toThrow(/section "rngState" starts at data byte \d+, not a multiple of 8/)
    const repeated = rewriteHeader(encoded, (h) => h.sections.push(h.sections[0]))
    expect(() => decodeCheckpoint(repeated)).toThrow('section "weights" is listed twice')
    const missing = rewriteHeader(encoded, (h) => h.sections.splice(2, 1))
    expect(() => decodeCheckpoint(missing)).toThrow('section "optimizerState" (f32) is missing')
    const retyped = rewriteHeader(encoded, (h) => (h.sections[0].dtype = 'i32'))
    expect(() => decodeCheckpoint(retyped)).toThrow('section "weights" (f32) is stored as i32')
    const unknownType = rewriteHeader(encoded, (h) => (h.sections[0].dtype = 'f64'))
    expect(() => decodeCheckpoint(unknownType)).toThrow(/sections\[0\].dtype: got "f64", expected one of "f32"/)
  })

  test('ignores sections it does not know (a later version may add some)', () => {
    const { header, data } = parts(encoded)
    header.sections.push({ name: 'futureThing', dtype: 'u32', offset: 0, length: 2 })
    expectSameCheckpoint(decodeCheckpoint(assemble(JSON.stringify(header), data)), checkpoint)
  })

  test('refuses section lengths that do not match the parameter or state lengths', () => {
    const total = checkpoint.weights.length
    const shortParams = rewriteHeader(encoded, (h) => (h.paramLengths[0] -= 1))
    expect(() => decodeCheckpoint(shortParams)).toThrow(
      `corrupt: paramNames/paramLengths and "weights": the lengths add up to ${total - 1}, the section holds ${total}`,
    )
    const extraName = rewriteHeader(encoded, (h) => h.paramNames.push('extra'))
    expect(() => decodeCheckpoint(extraName)).toThrow(/paramNames\/paramLengths and "weights": 4 names but 3 lengths/)
    const state = rewriteHeader(encoded, (h) => (h.stateLengths = [5]))
    expect(() => decodeCheckpoint(state)).toThrow(/stateNames\/stateLengths and "state": 2 names but 1 lengths/)
  })

  test('encoding refuses what it could not decode', () => {
    expect(() => encodeCheckpoint({ ...checkpoint, paramLengths: [1, 2, 3] })).toThrow(
      /^encodeCheckpoint: params: the lengths add up to 6, the section holds 1000 values/,
    )
    expect(() => encodeCheckpoint({ ...checkpoint, stateNames: ['a'] })).toThrow(/state: 1 names but 2 lengths/)
    const progress = { epoch: 1.5, stepInEpoch: 0, globalStep: 0 }
    expect(() => encodeCheckpoint({ ...checkpoint, progress })).toThrow(/progress must be whole numbers/)
  })
})

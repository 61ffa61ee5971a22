import { describe, expect, test } from 'vitest'
import type { TrainerEvent } from '../../../app/protocol/trainerProtocol'
import { encodeFrame } from '../../../app/protocol/wireCodec'
import { parseStudioEvent, parseTrainerEvent, readServerFrame } from '../../../renderer/api/incomingEvents'

const summary = {
  runId: 'run-1',
  reason: 'finished',
  epochsCompleted: 2,
  train: { loss: 0.2, accuracy: 0.9, count: 100 },
  validation: { loss: 0.3, accuracy: 0.8, count: 20 },
  test: { loss: 0.35, accuracy: 0.75, count: 20 },
  seconds: 4.5,
} as const

const EVERY_EVENT: readonly TrainerEvent[] = [
  { type: 'ready', protocolVersion: 1, threads: 4 },
  { type: 'state', state: 'running', runId: 'run-1' },
  { type: 'state', state: 'idle', runId: null },
  {
    type: 'runStarted',
    runId: 'run-1',
    classNames: ['a', 'b'],
    trainCount: 100,
    validationCount: 20,
    testCount: 20,
    stepsPerEpoch: 4,
    parameterCount: 1234,
  },
  { type: 'step', runId: 'run-1', epoch: 1, step: 2, stepsPerEpoch: 4, loss: 0.7, accuracy: 0.5 },
  {
    type: 'epoch',
    runId: 'run-1',
    epoch: 1,
    trainLoss: 0.6,
    trainAccuracy: 0.7,
    validationLoss: 0.65,
    validationAccuracy: 0.68,
    imagesPerSecond: 900,
    seconds: 1.2,
  },
  { type: 'summary', summary },
  { type: 'error', error: { name: 'Error', message: 'refused', stack: 'at x' }, command: 'start' },
  { type: 'error', error: { name: 'ProtocolError', message: 'bad frame' }, command: null },
]

describe('parseTrainerEvent', () => {
  test.each(EVERY_EVENT.map((event) => [event.type, event] as const))(
    'accepts a %s event unchanged',
    (_type, event) => {
      expect(parseTrainerEvent(structuredClone(event))).toEqual(event)
    },
  )

  test('reads a null loss (NaN after JSON) as NaN', () => {
    const event = parseTrainerEvent({ ...EVERY_EVENT[4], loss: null })
    expect(event.type === 'step' && Number.isNaN(event.loss)).toBe(true)
  })

  test('names the field that is wrong', () => {
    expect(() => parseTrainerEvent({ ...EVERY_EVENT[4], accuracy: 1.5 })).toThrow(
      /trainer event\.accuracy: got 1\.5/,
    )
    expect(() => parseTrainerEvent({ type: 'step' })).toThrow(/trainer event\.runId/)
    expect(() => parseTrainerEvent({ type: 'launch' })).toThrow(/trainer event\.type: got "launch"/)
    expect(() => parseTrainerEvent('step')).toThrow(/expected an object/)
    expect(() =>
      parseTrainerEvent({ type: 'summary', summary: { ...summary, test: { loss: 1, accuracy: 0.5 } } }),
    ).toThrow(/summary\.test\.count/)
  })

  test('drops fields it does not know, so nothing unchecked reaches the UI', () => {
    expect(parseTrainerEvent({ ...EVERY_EVENT[0], extra: 'x' })).toEqual(EVERY_EVENT[0])
  })
})

describe('parseStudioEvent', () => {
  test('accepts trainer events and trainerExited', () => {
    const exited = { type: 'trainerExited', code: null, signal: 'SIGKILL', message: 'killed' } as const
    expect(parseStudioEvent(exited)).toEqual(exited)
    expect(parseStudioEvent({ type: 'trainer', event: EVERY_EVENT[1] })).toEqual({
      type: 'trainer',
      event: EVERY_EVENT[1],
    })
  })

  test('rejects a trainer event inside that is malformed, naming the path', () => {
    expect(() =>
      parseStudioEvent({ type: 'trainer', event: { type: 'state', state: 'asleep', runId: null } }),
    ).toThrow(/event\.event\.state: got "asleep"/)
  })
})

describe('readServerFrame', () => {
  test('decodes a response with typed arrays intact', () => {
    const pixels = new Uint8Array([1, 2, 3])
    const frame = readServerFrame(encodeFrame({ kind: 'response', id: 7, ok: true, result: { pixels } }))
    expect(frame).toEqual({ kind: 'response', id: 7, ok: true, result: { pixels } })
    expect(
      frame.kind === 'response' && frame.ok && (frame.result as { pixels: unknown }).pixels,
    ).toBeInstanceOf(Uint8Array)
  })

  test('decodes failures and events', () => {
    const failure = { kind: 'response', id: 3, ok: false, error: { name: 'Error', message: 'nope' } }
    expect(readServerFrame(encodeFrame(failure))).toEqual(failure)
    const event = { kind: 'event', event: { type: 'trainer', event: EVERY_EVENT[0] } }
    expect(readServerFrame(encodeFrame(event))).toEqual(event)
  })

  test('refuses frames of the wrong shape with a message naming the field', () => {
    expect(() => readServerFrame(new Uint8Array(3))).toThrow(
      /frame: got a Uint8Array of 3, expected a text frame/,
    )
    expect(() => readServerFrame('{"kind":"hello"}')).toThrow(/frame\.kind: got "hello"/)
    expect(() => readServerFrame('{"kind":"response","id":-1,"ok":true}')).toThrow(/frame\.id/)
    expect(() => readServerFrame('{"kind":"response","id":1,"ok":"yes"}')).toThrow(/frame\.ok/)
    expect(() => readServerFrame('{"kind":"response","id":1,"ok":false,"error":"x"}')).toThrow(/frame\.error/)
    expect(() => readServerFrame('not json')).toThrow(SyntaxError)
  })
})

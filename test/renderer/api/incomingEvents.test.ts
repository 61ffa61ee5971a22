import { describe, expect, test } from 'vitest'
import type { TrainerEvent } from '../../../app/protocol/trainerProtocol'
import { encodeFrame } from '../../../app/protocol/wireCodec'
import { DEFAULT_HYPERPARAMETERS } from '../../../app/protocol/trainerProtocol'
import { parseStudioEvent, parseTrainerEvent, readServerFrame } from '../../../renderer/api/incomingEvents'
import { epochEvent, runStartedEvent, runSummary, stepEvent } from '../fixtures'

const summary = runSummary('run-1')

const EVERY_EVENT: readonly TrainerEvent[] = [
  { type: 'ready', protocolVersion: 1, threads: 4 },
  { type: 'state', state: 'running', runId: 'run-1' },
  { type: 'state', state: 'idle', runId: null },
  runStartedEvent('run-1'),
  stepEvent('run-1', 1, 2, { loss: 0.7 }),
  epochEvent('run-1', 1),
  { type: 'summary', summary },
  { type: 'error', error: { name: 'Error', message: 'refused', stack: 'at x' }, command: 'start' },
  { type: 'error', error: { name: 'ProtocolError', message: 'bad frame' }, command: null },
  // Newer fields and variants of issue 3.
  runStartedEvent('run-2', {
    hyperparameters: {
      ...DEFAULT_HYPERPARAMETERS,
      options: {
        optimizer: 'adamw',
        schedule: { kind: 'cosine', warmupEpochs: 1, minLearningRate: 0 },
        threads: 2,
      },
    },
    resumedFrom: { epoch: 1, stepInEpoch: 3, globalStep: 7 },
  }),
  epochEvent('run-1', 2, { isBest: false, learningRate: 0.005 }),
  { type: 'summary', summary: { ...summary, reason: 'earlyStopped' } },
  { type: 'error', error: { name: 'Error', message: 'no run' }, command: 'evaluate', requestId: 4 },
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

  test('checks the spec, settings and resume point of a run with the shared protocol validators', () => {
    const started = runStartedEvent('run-1')
    const lstm = { ...started.spec, layers: [{ kind: 'lstm' }] }
    expect(() => parseTrainerEvent({ ...started, spec: lstm })).toThrow(/trainer event\.spec\.layers\[0\]\.kind/)
    const misspelt = { ...started.hyperparameters, options: { optimiser: 'adam' } }
    expect(() => parseTrainerEvent({ ...started, hyperparameters: misspelt })).toThrow(
      /trainer event\.hyperparameters\.options\.optimiser/,
    )
    const resumedFrom = { epoch: 1, stepInEpoch: -1, globalStep: 3 }
    expect(() => parseTrainerEvent({ ...started, resumedFrom })).toThrow(/trainer event\.resumedFrom\.stepInEpoch/)
    expect(() => parseTrainerEvent({ ...started, resumedFrom: undefined })).toThrow(/trainer event\.resumedFrom/)
  })

  test('the learning rate of steps and epochs, and whether an epoch was best, are checked', () => {
    expect(() => parseTrainerEvent({ ...stepEvent('run-1', 1, 1), learningRate: -1 })).toThrow(
      /trainer event\.learningRate/,
    )
    expect(() => parseTrainerEvent({ ...epochEvent('run-1', 1), isBest: 'yes' })).toThrow(/trainer event\.isBest/)
  })

  test('answers with typed arrays pass the shared validator; host-only checkpoints are refused', () => {
    const evaluation = { type: 'evaluation', requestId: 1, runId: 'run-1', split: 'test', evaluation: {} }
    expect(parseTrainerEvent(evaluation)).toEqual(evaluation)
    expect(() => parseTrainerEvent({ ...evaluation, requestId: -1 })).toThrow(/trainer event\.requestId/)
    const checkpoint = { type: 'checkpoint', runId: 'run-1', epoch: 1, isEpochEnd: true, bytes: new Uint8Array(2) }
    expect(() => parseTrainerEvent(checkpoint)).toThrow(/trainer event\.type: got "checkpoint"/)
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

describe('parseStudioEvent: importProgress', () => {
  const progress = { importId: 'a1-b2', phase: 'decoding', done: 40, total: 100, imagesPerSecond: 812.5, etaSeconds: 0.07 }

  test('accepts progress with and without an ETA, also inside a frame', () => {
    expect(parseStudioEvent({ type: 'importProgress', progress })).toEqual({ type: 'importProgress', progress })
    // While scanning the total is unknown (0) and done counts the files found so far.
    const early = { ...progress, phase: 'scanning', done: 2501, total: 0, imagesPerSecond: 0, etaSeconds: null }
    expect(parseStudioEvent({ type: 'importProgress', progress: early })).toEqual({ type: 'importProgress', progress: early })
    const frame = encodeFrame({ kind: 'event', event: { type: 'importProgress', progress } })
    expect(readServerFrame(frame)).toEqual({ kind: 'event', event: { type: 'importProgress', progress } })
  })

  test('names the bad field: done past total, an unknown phase, a negative rate, a missing id', () => {
    const check = (change: object) => () => parseStudioEvent({ type: 'importProgress', progress: { ...progress, ...change } })
    expect(check({ done: 101 })).toThrow(/event\.progress\.done: got 101, expected an integer from 0 to 100/)
    expect(check({ phase: 'zipping' })).toThrow(/event\.progress\.phase: got "zipping"/)
    expect(check({ imagesPerSecond: -1 })).toThrow(/event\.progress\.imagesPerSecond/)
    expect(check({ etaSeconds: undefined })).toThrow(/event\.progress\.etaSeconds/)
    expect(check({ importId: 7 })).toThrow(/event\.progress\.importId/)
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

// Checks every frame and event that reaches the renderer from outside (WebSocket, IPC, trainer port) before
// the UI uses it. Each parser returns the typed value or throws a ValidationError naming the bad field.
// Not a schema library: just the fields the screens read, checked once at the edge.

import type { SerializedError } from '../../app/protocol/errors'
import type { ImportPhase, ImportProgress, ServerFrame, StudioEvent } from '../../app/protocol/studioApi'
import type {
  RunSummary,
  SplitMetrics,
  TrainerCommand,
  TrainerEvent,
  TrainerState,
} from '../../app/protocol/trainerProtocol'
import {
  expectArray,
  expectBoolean,
  expectInteger,
  expectNumber,
  expectOneOf,
  expectRecord,
  expectString,
  fail,
} from '../../app/protocol/validate'
import { decodeFrame } from '../../app/protocol/wireCodec'
import { COUNT_MAX, expectCount } from './incomingCounts'
import { validateNetworkSpec } from '../../app/model/validateSpec'
import {
  validateDataSourceRef,
  validateHyperparameters,
  validateTrainerEvent,
} from '../../app/protocol/validateTrainer'

const TRAINER_STATES: readonly TrainerState[] = ['idle', 'running', 'paused', 'stopped', 'finished', 'failed']
// A record, not a list, so that a command added to the protocol and missing here is a compile error.
const COMMAND_TYPES = Object.keys({
  start: true,
  pause: true,
  resume: true,
  stop: true,
  status: true,
  startFromCheckpoint: true,
  loadCheckpoint: true,
  evaluate: true,
  inspect: true,
} satisfies Record<TrainerCommand['type'], true>) as readonly TrainerCommand['type'][]
const IMPORT_PHASES: readonly ImportPhase[] = ['scanning', 'decoding', 'writing']

/** A loss may be NaN or infinite when training diverges; JSON turns those into null, which means NaN here. */
function expectLoss(value: unknown, path: string): number {
  if (value === null) {
    return Number.NaN
  }
  if (typeof value !== 'number') {
    fail(path, value, 'a number (or null for NaN)')
  }
  return value
}

function expectNullableString(value: unknown, path: string): string | null {
  return value === null ? null : expectString(value, path)
}

export function parseSerializedError(value: unknown, path: string): SerializedError {
  const record = expectRecord(value, path)
  const stack =
    record.stack === undefined
      ? undefined
      : expectString(record.stack, `${path}.stack`, { maxLength: 65_536 })
  return {
    name: expectString(record.name, `${path}.name`),
    message: expectString(record.message, `${path}.message`, { maxLength: 65_536 }),
    ...(stack === undefined ? {} : { stack }),
  }
}

type ResumedFrom = Extract<TrainerEvent, { type: 'runStarted' }>['resumedFrom']

function parseResumedFrom(value: unknown, path: string): ResumedFrom {
  if (value === null) {
    return null
  }
  const record = expectRecord(value, path)
  return {
    epoch: expectCount(record.epoch, `${path}.epoch`),
    stepInEpoch: expectCount(record.stepInEpoch, `${path}.stepInEpoch`),
    globalStep: expectCount(record.globalStep, `${path}.globalStep`),
  }
}

function parseSplitMetrics(value: unknown, path: string): SplitMetrics {
  const record = expectRecord(value, path)
  return {
    loss: expectLoss(record.loss, `${path}.loss`),
    accuracy: expectNumber(record.accuracy, `${path}.accuracy`, 0, 1),
    count: expectCount(record.count, `${path}.count`),
  }
}

function parseRunSummary(value: unknown, path: string): RunSummary {
  const record = expectRecord(value, path)
  return {
    runId: expectString(record.runId, `${path}.runId`),
    reason: expectOneOf(record.reason, `${path}.reason`, ['finished', 'stopped', 'earlyStopped']),
    epochsCompleted: expectCount(record.epochsCompleted, `${path}.epochsCompleted`),
    train: parseSplitMetrics(record.train, `${path}.train`),
    validation: parseSplitMetrics(record.validation, `${path}.validation`),
    test: parseSplitMetrics(record.test, `${path}.test`),
    seconds: expectNumber(record.seconds, `${path}.seconds`, 0, Number.MAX_VALUE),
  }
}

/** One message from the trainer (over the MessagePort in Electron, inside an event frame in serve mode). */
export function parseTrainerEvent(value: unknown, path = 'trainer event'): TrainerEvent {
  const record = expectRecord(value, path)
  const at = (key: string) => `${path}.${key}`
  const type = expectOneOf(record.type, at('type'), [
    'ready',
    'state',
    'runStarted',
    'step',
    'epoch',
    'summary',
    'error',
    'evaluation',
    'inspection',
  ] as const)
  switch (type) {
    case 'ready':
      return {
        type,
        protocolVersion: expectCount(record.protocolVersion, at('protocolVersion')),
        threads: expectCount(record.threads, at('threads')),
      }
    case 'state':
      return {
        type,
        state: expectOneOf(record.state, at('state'), TRAINER_STATES),
        runId: expectNullableString(record.runId, at('runId')),
      }
    case 'runStarted':
      return {
        type,
        runId: expectString(record.runId, at('runId')),
        spec: validateNetworkSpec(record.spec, at('spec')),
        data: validateDataSourceRef(record.data, at('data')),
        hyperparameters: validateHyperparameters(record.hyperparameters, at('hyperparameters')),
        threads: expectCount(record.threads, at('threads')),
        resumedFrom: parseResumedFrom(record.resumedFrom, at('resumedFrom')),
        classNames: expectArray(record.classNames, at('classNames')).map((name, index) =>
          expectString(name, `${at('classNames')}[${index}]`),
        ),
        trainCount: expectCount(record.trainCount, at('trainCount')),
        validationCount: expectCount(record.validationCount, at('validationCount')),
        testCount: expectCount(record.testCount, at('testCount')),
        stepsPerEpoch: expectCount(record.stepsPerEpoch, at('stepsPerEpoch')),
        parameterCount: expectCount(record.parameterCount, at('parameterCount')),
      }
    case 'step':
      return {
        type,
        runId: expectString(record.runId, at('runId')),
        epoch: expectCount(record.epoch, at('epoch')),
        step: expectCount(record.step, at('step')),
        stepsPerEpoch: expectCount(record.stepsPerEpoch, at('stepsPerEpoch')),
        loss: expectLoss(record.loss, at('loss')),
        accuracy: expectNumber(record.accuracy, at('accuracy'), 0, 1),
        learningRate: expectNumber(record.learningRate, at('learningRate'), 0, Number.MAX_VALUE),
      }
    case 'epoch':
      return {
        type,
        runId: expectString(record.runId, at('runId')),
        epoch: expectCount(record.epoch, at('epoch')),
        trainLoss: expectLoss(record.trainLoss, at('trainLoss')),
        trainAccuracy: expectNumber(record.trainAccuracy, at('trainAccuracy'), 0, 1),
        validationLoss: expectLoss(record.validationLoss, at('validationLoss')),
        validationAccuracy: expectNumber(record.validationAccuracy, at('validationAccuracy'), 0, 1),
        imagesPerSecond: expectNumber(record.imagesPerSecond, at('imagesPerSecond'), 0, Number.MAX_VALUE),
        seconds: expectNumber(record.seconds, at('seconds'), 0, Number.MAX_VALUE),
        learningRate: expectNumber(record.learningRate, at('learningRate'), 0, Number.MAX_VALUE),
        isBest: expectBoolean(record.isBest, at('isBest')),
      }
    case 'evaluation':
    case 'inspection':
      // Answers carrying typed arrays: the shared validator checks their tag and request id; the screen that
      // asked checks the arrays it draws against the request it made.
      return validateTrainerEvent(record, path)
    case 'summary':
      return { type, summary: parseRunSummary(record.summary, at('summary')) }
    case 'error':
      return {
        type,
        error: parseSerializedError(record.error, at('error')),
        command: record.command === null ? null : expectOneOf(record.command, at('command'), COMMAND_TYPES),
        ...(record.requestId === undefined
          ? {}
          : { requestId: expectInteger(record.requestId, at('requestId'), 0, Number.MAX_SAFE_INTEGER) }),
      }
  }
}

/** Where an import is; `done` may not pass a known `total` (0 while unknown), and the ETA is null or a duration. */
export function parseImportProgress(value: unknown, path: string): ImportProgress {
  const record = expectRecord(value, path)
  const total = expectCount(record.total, `${path}.total`)
  return {
    importId: expectString(record.importId, `${path}.importId`, { maxLength: 200 }),
    phase: expectOneOf(record.phase, `${path}.phase`, IMPORT_PHASES),
    done: expectInteger(record.done, `${path}.done`, 0, total > 0 ? total : COUNT_MAX),
    total,
    imagesPerSecond: expectNumber(record.imagesPerSecond, `${path}.imagesPerSecond`, 0, Number.MAX_VALUE),
    etaSeconds:
      record.etaSeconds === null ? null : expectNumber(record.etaSeconds, `${path}.etaSeconds`, 0, Number.MAX_VALUE),
  }
}

/** One host event (Electron's onEvent, or the event in a serve-mode frame). */
export function parseStudioEvent(value: unknown, path = 'event'): StudioEvent {
  const record = expectRecord(value, path)
  const type = expectOneOf(record.type, `${path}.type`, ['trainer', 'trainerExited', 'importProgress'] as const)
  if (type === 'trainer') {
    return { type, event: parseTrainerEvent(record.event, `${path}.event`) }
  }
  if (type === 'importProgress') {
    return { type, progress: parseImportProgress(record.progress, `${path}.progress`) }
  }
  return {
    type,
    code: record.code === null ? null : expectInteger(record.code, `${path}.code`, -(2 ** 31), 2 ** 32),
    signal: expectNullableString(record.signal, `${path}.signal`),
    message: expectString(record.message, `${path}.message`, { maxLength: 65_536 }),
  }
}

/** Decodes and checks one serve-mode WebSocket frame. The result of a response is checked later, by method. */
export function readServerFrame(data: unknown): ServerFrame {
  if (typeof data !== 'string') {
    fail('frame', data, 'a text frame')
  }
  const record = expectRecord(decodeFrame(data), 'frame')
  const kind = expectOneOf(record.kind, 'frame.kind', ['response', 'event'] as const)
  if (kind === 'event') {
    return { kind, event: parseStudioEvent(record.event, 'frame.event') }
  }
  const id = expectInteger(record.id, 'frame.id', 0, Number.MAX_SAFE_INTEGER)
  if (record.ok === true) {
    return { kind, id, ok: true, result: record.result }
  }
  if (record.ok === false) {
    return { kind, id, ok: false, error: parseSerializedError(record.error, 'frame.error') }
  }
  return fail('frame.ok', record.ok, 'true or false')
}

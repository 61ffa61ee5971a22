// Validation of trainer messages at each end: commands where the trainer receives them, events where a host
// or the renderer receives them. A message that fails is refused with a message naming the field.

import { validateNetworkSpec } from '../model/validateSpec'
import { validateInspectRequest } from './validateInspection'
import { validateTrainingOptions } from './validateTrainingOptions'
import type { DataSourceRef, Hyperparameters, TrainerCommand, TrainerEvent } from './trainerProtocol'
import {
  expectInteger,
  expectNumber,
  expectOneOf,
  expectRecord,
  expectString,
  fail,
} from './validate'

const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/
const DATASET_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,99}$/

export function validateRunId(value: unknown, path: string): string {
  const runId = expectString(value, path, { maxLength: 80 })
  if (!RUN_ID_PATTERN.test(runId)) {
    fail(path, value, 'letters, digits, ".", "_" or "-" (a run id)')
  }
  return runId
}

export function validateHyperparameters(value: unknown, path: string): Hyperparameters {
  const record = expectRecord(value, path)
  return {
    epochs: expectInteger(record.epochs, `${path}.epochs`, 1, 10_000),
    batchSize: expectInteger(record.batchSize, `${path}.batchSize`, 1, 4096),
    learningRate: expectNumber(record.learningRate, `${path}.learningRate`, Number.MIN_VALUE, 10),
    momentum: expectNumber(record.momentum, `${path}.momentum`, 0, 0.999),
    seed: expectInteger(record.seed, `${path}.seed`, 0, 2 ** 32 - 1),
    ...(record.options === undefined ? {} : { options: validateTrainingOptions(record.options, `${path}.options`) }),
  }
}

export function validateDataSourceRef(value: unknown, path: string): DataSourceRef {
  const record = expectRecord(value, path)
  const kind = expectOneOf(record.kind, `${path}.kind`, ['sample', 'cache'] as const)
  if (kind === 'sample') {
    return { kind, name: expectOneOf(record.name, `${path}.name`, ['shapes'] as const) }
  }
  const id = expectString(record.id, `${path}.id`, { maxLength: 100 })
  if (!DATASET_ID_PATTERN.test(id)) {
    fail(`${path}.id`, id, 'lower-case letters, digits and "-" (a dataset id)')
  }
  return { kind, id }
}

export function validateTrainerCommand(value: unknown, path = 'trainer command'): TrainerCommand {
  const record = expectRecord(value, path)
  const type = expectOneOf(record.type, `${path}.type`, COMMAND_TYPES)
  switch (type) {
    case 'pause':
    case 'resume':
    case 'stop':
    case 'status':
      return { type }
    case 'startFromCheckpoint':
      if (!(record.checkpoint instanceof Uint8Array)) {
        fail(`${path}.checkpoint`, record.checkpoint, 'the bytes of a checkpoint file (Uint8Array)')
      }
      return {
        type,
        checkpoint: record.checkpoint,
        ...(record.epochs === undefined ? {} : { epochs: expectInteger(record.epochs, `${path}.epochs`, 1, 10_000) }),
      }
    case 'loadCheckpoint':
      if (!(record.checkpoint instanceof Uint8Array)) {
        fail(`${path}.checkpoint`, record.checkpoint, 'the bytes of a checkpoint file (Uint8Array)')
      }
      return { type, checkpoint: record.checkpoint }
    case 'evaluate':
      return {
        type,
        requestId: expectInteger(record.requestId, `${path}.requestId`, 0, Number.MAX_SAFE_INTEGER),
        split: expectOneOf(record.split, `${path}.split`, ['train', 'validation', 'test'] as const),
        topK: expectInteger(record.topK, `${path}.topK`, 1, 1000),
        maxMisclassified: expectInteger(record.maxMisclassified, `${path}.maxMisclassified`, 0, 1_000_000),
      }
    case 'inspect':
      return {
        type,
        requestId: expectInteger(record.requestId, `${path}.requestId`, 0, Number.MAX_SAFE_INTEGER),
        request: validateInspectRequest(record.request, `${path}.request`),
      }
    case 'start':
      break
  }
  return {
    type,
    runId: validateRunId(record.runId, `${path}.runId`),
    spec: validateNetworkSpec(record.spec, `${path}.spec`),
    data: validateDataSourceRef(record.data, `${path}.data`),
    hyperparameters: validateHyperparameters(record.hyperparameters, `${path}.hyperparameters`),
  }
}

const COMMAND_TYPES = [
  'start',
  'pause',
  'resume',
  'stop',
  'status',
  'startFromCheckpoint',
  'loadCheckpoint',
  'evaluate',
  'inspect',
] as const

const EVENT_TYPES = [
  'ready',
  'state',
  'runStarted',
  'step',
  'epoch',
  'summary',
  'error',
  'checkpoint',
  'evaluation',
  'inspection',
] as const

/**
 * Checks the tag and the fields a host acts on. Events come from our own trainer process, so this guards
 * against version skew and corruption rather than attack: numeric fields are checked, text is passed through.
 */
export function validateTrainerEvent(value: unknown, path = 'trainer event'): TrainerEvent {
  const record = expectRecord(value, path)
  const type = expectOneOf(record.type, `${path}.type`, EVENT_TYPES)
  switch (type) {
    case 'ready':
      expectInteger(record.protocolVersion, `${path}.protocolVersion`, 0, 1_000_000)
      break
    case 'state':
      expectOneOf(record.state, `${path}.state`, ['idle', 'running', 'paused', 'stopped', 'finished', 'failed'] as const)
      break
    case 'step':
      expectInteger(record.epoch, `${path}.epoch`, 0, 1_000_000)
      expectInteger(record.step, `${path}.step`, 0, 1_000_000_000)
      expectNumber(record.loss, `${path}.loss`, -Infinity, Infinity)
      break
    case 'epoch':
      expectInteger(record.epoch, `${path}.epoch`, 0, 1_000_000)
      expectNumber(record.validationAccuracy, `${path}.validationAccuracy`, 0, 1)
      break
    case 'summary':
      expectRecord(record.summary, `${path}.summary`)
      break
    case 'error':
      expectString(expectRecord(record.error, `${path}.error`).message, `${path}.error.message`, { maxLength: 100_000 })
      break
    case 'runStarted':
      validateRunId(record.runId, `${path}.runId`)
      break
    case 'checkpoint':
      if (!(record.bytes instanceof Uint8Array)) {
        fail(`${path}.bytes`, record.bytes, 'a Uint8Array')
      }
      validateRunId(record.runId, `${path}.runId`)
      break
    case 'evaluation':
      expectInteger(record.requestId, `${path}.requestId`, 0, Number.MAX_SAFE_INTEGER)
      expectRecord(record.evaluation, `${path}.evaluation`)
      break
    case 'inspection':
      expectInteger(record.requestId, `${path}.requestId`, 0, Number.MAX_SAFE_INTEGER)
      expectOneOf(expectRecord(record.result, `${path}.result`).kind, `${path}.result.kind`, [
        'probabilities',
        'activations',
        'filters',
        'saliency',
        'gradCam',
      ] as const)
      break
  }
  return record as unknown as TrainerEvent
}

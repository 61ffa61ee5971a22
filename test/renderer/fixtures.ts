// Small, valid host answers and trainer events shared by the renderer tests.

import { presetSpec } from '../../app/model/presets'
import type { RunSummary, TrainerEvent } from '../../app/protocol/trainerProtocol'
import { DEFAULT_HYPERPARAMETERS } from '../../app/protocol/trainerProtocol'

export function sampleSummary() {
  return {
    id: 'sample-shapes',
    dataRef: { kind: 'sample', name: 'shapes' },
    kind: 'imageFolder',
    name: 'Shapes',
    source: '/data/shapes',
    classNames: ['circle', 'square'],
    imageShape: { height: 4, width: 4, channels: 1 },
    splits: { train: 8, validation: 2, test: 2 },
    classCounts: { train: [5, 3], validation: [1, 1], test: [1, 1] },
    preprocessing: { size: 4, colorMode: 'grayscale', resizeMode: 'squash' },
    split: { validation: 0.1, test: 0.15, seed: 7 },
    splitOrigin: 'seeded',
    normalization: { mean: [0.4], std: [0.25] },
    sourceSizes: {
      count: 12,
      width: { min: 20, median: 24, max: 30 },
      height: { min: 20, median: 24, max: 24 },
      common: [{ width: 24, height: 24, count: 9 }],
    },
    examples: [
      { className: 'circle', count: 7, images: [new Uint8Array(16), new Uint8Array(16)] },
      { className: 'square', count: 5, images: [] as Uint8Array[] },
    ],
    problems: [{ path: 'x/broken.png', reason: 'not an image' }],
    problemCount: 3,
    findings: [
      {
        kind: 'exact-duplicates',
        severity: 'warning',
        message: '2 files are byte-for-byte identical',
        paths: ['circle/a.png', 'circle/b.png'],
        pathCount: 2,
      },
    ],
    importStats: { decoded: 12, reused: 0, skipped: 3, seconds: 0.5 },
  }
}

/** A page of `count` images of the sample summary's shape (4×4×1), starting at `offset` of `total`. */
export function imagePage(offset: number, count: number, total: number) {
  return {
    datasetId: 'sample-shapes',
    total,
    offset,
    indices: Int32Array.from({ length: count }, (_, i) => offset + i),
    labels: Uint8Array.from({ length: count }, (_, i) => (offset + i) % 2),
    splits: Uint8Array.from({ length: count }, (_, i) => (offset + i) % 3),
    imageShape: { height: 4, width: 4, channels: 1 },
    pixels: Uint8Array.from({ length: count * 16 }, (_, i) => (offset * 16 + i) % 256),
  }
}

export const APP_INFO = {
  name: 'CNN Studio',
  version: '0.1.0',
  host: 'serve',
  apiVersion: 1,
  trainerProtocolVersion: 1,
  canOpenFolderPaths: true,
  canUploadFolders: true,
} as const

type EventOf<T extends TrainerEvent['type']> = Extract<TrainerEvent, { type: T }>

/** A 'runStarted' for a tiny net on the sample, 4 steps per epoch; `changes` override any field. */
export function runStartedEvent(runId: string, changes: Partial<EventOf<'runStarted'>> = {}) {
  return {
    type: 'runStarted',
    runId,
    spec: presetSpec('tiny', { height: 8, width: 8, channels: 1 }, 2),
    data: { kind: 'sample', name: 'shapes' },
    hyperparameters: { ...DEFAULT_HYPERPARAMETERS, epochs: 2, batchSize: 10 },
    threads: 2,
    resumedFrom: null,
    classNames: ['a', 'b'],
    trainCount: 40,
    validationCount: 10,
    testCount: 10,
    stepsPerEpoch: 4,
    parameterCount: 99,
    ...changes,
  } satisfies EventOf<'runStarted'>
}

export function stepEvent(runId: string, epoch: number, step: number, changes: Partial<EventOf<'step'>> = {}) {
  return {
    type: 'step',
    runId,
    epoch,
    step,
    stepsPerEpoch: 4,
    loss: 0.5,
    accuracy: 0.5,
    learningRate: 0.01,
    ...changes,
  } satisfies EventOf<'step'>
}

export function epochEvent(runId: string, epoch: number, changes: Partial<EventOf<'epoch'>> = {}) {
  return {
    type: 'epoch',
    runId,
    epoch,
    trainLoss: 0.4,
    trainAccuracy: 0.8,
    validationLoss: 0.5,
    validationAccuracy: 0.6,
    imagesPerSecond: 100,
    seconds: 0.4,
    learningRate: 0.01,
    isBest: true,
    ...changes,
  } satisfies EventOf<'epoch'>
}

export function runSummary(runId: string, changes: Partial<RunSummary> = {}): RunSummary {
  return {
    runId,
    reason: 'finished',
    epochsCompleted: 2,
    seconds: 1,
    train: { loss: 0.3, accuracy: 0.9, count: 40 },
    validation: { loss: 0.4, accuracy: 0.8, count: 10 },
    test: { loss: 0.45, accuracy: 0.75, count: 10 },
    ...changes,
  }
}

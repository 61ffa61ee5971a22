import { describe, expect, test } from 'vitest'
import type { ImageDataset } from '../../../app/data/imageDataset'
import { classCountsBySplit, doctorReportInput } from '../../../main/cli/doctorCommand'
import type { ImportOutcome } from '../../../main/services/import/importDataset'

/** 30 images over 3 classes with labels and splits from a fixed pattern. */
function dataset(): ImageDataset {
  const count = 30
  const labels = Uint8Array.from({ length: count }, (_, i) => (i * 7) % 3)
  const splitOf = (i: number): number => (i % 5 === 0 ? 1 : i % 7 === 0 ? 2 : 0)
  const indices = (code: number): Int32Array =>
    Int32Array.from(Array.from({ length: count }, (_, i) => i).filter((i) => splitOf(i) === code))
  return {
    name: 'fake',
    classNames: ['a', 'b', 'c'],
    imageShape: { height: 2, width: 2, channels: 1 },
    images: new Uint8Array(count * 4),
    labels,
    count,
    splits: { train: indices(0), validation: indices(1), test: indices(2) },
  }
}

describe('classCountsBySplit', () => {
  test('counts each class in each split, agreeing with a count over (label, split) pairs', () => {
    const data = dataset()
    const counts = classCountsBySplit({ dataset: data })
    for (const split of ['train', 'validation', 'test'] as const) {
      const expected = [0, 0, 0]
      for (const index of data.splits[split]) {
        expected[data.labels[index]!]!++
      }
      expect(counts[split]).toEqual(expected)
    }
    const total = [...counts.train, ...counts.validation, ...counts.test].reduce((a, b) => a + b, 0)
    expect(total).toBe(data.count)
  })
})

describe('doctorReportInput', () => {
  test('takes the settings the import settled on from the manifest and the rest from the outcome', () => {
    const manifest = {
      name: 'fake', classNames: ['a', 'b', 'c'],
      preprocessing: { size: 2, colorMode: 'grayscale', resizeMode: 'letterbox' },
      split: { validation: 0.2, test: 0.1, seed: 9 }, splitOrigin: 'seeded',
      problems: [{ path: 'x.png', reason: 'truncated' }],
    }
    const outcome = {
      kind: 'csv', dataset: dataset(), manifest,
      header: { normalization: { mean: [0.1], std: [0.2] } },
      findings: [{ kind: 'empty-class', severity: 'error', message: 'm', paths: [] }],
      sourceSizes: null,
      stats: { decoded: 29, reused: 0, skipped: 1, seconds: 0.5 },
    } as unknown as ImportOutcome
    const input = doctorReportInput('/data/labels.csv', outcome)
    expect(input).toMatchObject({
      source: '/data/labels.csv', kind: 'csv', name: 'fake', classNames: ['a', 'b', 'c'],
      imageShape: { height: 2, width: 2, channels: 1 },
      preprocessing: manifest.preprocessing, split: manifest.split, splitOrigin: 'seeded',
      normalization: { mean: [0.1], std: [0.2] }, problems: manifest.problems, findings: outcome.findings,
      stats: outcome.stats, sourceSizes: null,
    })
    expect(input.classCounts).toEqual(classCountsBySplit(outcome))
  })
})

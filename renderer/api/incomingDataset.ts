// Checks a DatasetSummary from the host field by field before the Data, Model and Train screens read it:
// counts, per-class split counts, preprocessing, normalisation, source sizes, problems and doctor findings.
// Unknown extra fields are kept (a newer host may send more). Pages of images and source files are checked
// in incomingDatasetFiles.ts.

import type { TensorShape } from '../../app/model/networkSpec'
import { expectNormalization, expectPreprocessing, expectSplitSettings } from '../../app/data/importSettings'
import { DATASET_KINDS, SPLIT_ORIGINS } from '../../app/protocol/studioApi'
import type {
  ClassExamples,
  DatasetSummary,
  DoctorFindingView,
  ImportStatistics,
  SourceSizeStatistics,
} from '../../app/protocol/studioApi'
import type { DataSourceRef } from '../../app/protocol/trainerProtocol'
import {
  expectArray,
  expectInteger,
  expectNumber,
  expectOneOf,
  expectRecord,
  expectString,
  fail,
} from '../../app/protocol/validate'
import { COUNT_MAX, expectCount } from './incomingCounts'

const FINDING_KINDS: readonly DoctorFindingView['kind'][] = [
  'exact-duplicates',
  'near-duplicates',
  'split-leakage',
  'empty-class',
  'class-imbalance',
  'small-images',
  'extreme-aspect-ratio',
]
const SEVERITIES: readonly DoctorFindingView['severity'][] = ['info', 'warning', 'error']

function expectStrings(value: unknown, path: string, maxLength = 10_000): string[] {
  return expectArray(value, path, maxLength).map((item, index) => expectString(item, `${path}[${index}]`))
}

/** `count` numbers, one per class (or channel), each checked by `check`. */
function expectList(value: unknown, path: string, count: number, check: (item: unknown, at: string) => number) {
  const list = expectArray(value, path, count)
  if (list.length !== count) {
    fail(path, value, `an array of ${count} (one per class or channel)`)
  }
  return list.map((item, index) => check(item, `${path}[${index}]`))
}

export function parseTensorShape(value: unknown, path: string): TensorShape {
  const record = expectRecord(value, path)
  return {
    height: expectInteger(record.height, `${path}.height`, 1, 65_536),
    width: expectInteger(record.width, `${path}.width`, 1, 65_536),
    channels: expectInteger(record.channels, `${path}.channels`, 1, 4096),
  }
}

function parseClassExamples(value: unknown, path: string, imageSize: number): ClassExamples {
  const record = expectRecord(value, path)
  const images = expectArray(record.images, `${path}.images`, 1000).map((image, index) => {
    if (!(image instanceof Uint8Array) || image.length !== imageSize) {
      fail(`${path}.images[${index}]`, image, `a Uint8Array of ${imageSize} (H×W×C) values`)
    }
    return image
  })
  return {
    className: expectString(record.className, `${path}.className`),
    count: expectCount(record.count, `${path}.count`),
    images,
  }
}

/** Opaque to the renderer (it only hands it back to the trainer), so only its tag is checked. */
function parseDataRef(value: unknown, path: string): DataSourceRef {
  const record = expectRecord(value, path)
  expectString(record.kind, `${path}.kind`)
  return record as DataSourceRef
}

function parseRange(value: unknown, path: string): SourceSizeStatistics['width'] {
  const record = expectRecord(value, path)
  return {
    min: expectCount(record.min, `${path}.min`),
    median: expectNumber(record.median, `${path}.median`, 0, COUNT_MAX),
    max: expectCount(record.max, `${path}.max`),
  }
}

function parseSourceSizes(value: unknown, path: string): SourceSizeStatistics | null {
  if (value === null) {
    return null
  }
  const record = expectRecord(value, path)
  return {
    count: expectCount(record.count, `${path}.count`),
    width: parseRange(record.width, `${path}.width`),
    height: parseRange(record.height, `${path}.height`),
    common: expectArray(record.common, `${path}.common`, 100).map((item, index) => {
      const at = `${path}.common[${index}]`
      const size = expectRecord(item, at)
      return {
        width: expectCount(size.width, `${at}.width`),
        height: expectCount(size.height, `${at}.height`),
        count: expectCount(size.count, `${at}.count`),
      }
    }),
  }
}

function parseFinding(value: unknown, path: string): DoctorFindingView {
  const record = expectRecord(value, path)
  const paths = expectStrings(record.paths, `${path}.paths`, 100_000)
  const pathCount = expectCount(record.pathCount, `${path}.pathCount`)
  if (pathCount < paths.length) {
    fail(`${path}.pathCount`, pathCount, `at least the ${paths.length} paths listed`)
  }
  return {
    kind: expectOneOf(record.kind, `${path}.kind`, FINDING_KINDS),
    severity: expectOneOf(record.severity, `${path}.severity`, SEVERITIES),
    message: expectString(record.message, `${path}.message`, { maxLength: 65_536 }),
    paths,
    pathCount,
  }
}

function parseImportStats(value: unknown, path: string): ImportStatistics | null {
  if (value === null) {
    return null
  }
  const record = expectRecord(value, path)
  return {
    decoded: expectCount(record.decoded, `${path}.decoded`),
    reused: expectCount(record.reused, `${path}.reused`),
    skipped: expectCount(record.skipped, `${path}.skipped`),
    seconds: expectNumber(record.seconds, `${path}.seconds`, 0, Number.MAX_VALUE),
  }
}

export function parseDatasetSummary(value: unknown, path = 'dataset'): DatasetSummary {
  const record = expectRecord(value, path)
  const imageShape = parseTensorShape(record.imageShape, `${path}.imageShape`)
  const imageSize = imageShape.height * imageShape.width * imageShape.channels
  const classNames = expectStrings(record.classNames, `${path}.classNames`)
  const splits = expectRecord(record.splits, `${path}.splits`)
  const classCounts = expectRecord(record.classCounts, `${path}.classCounts`)
  const perClass = (key: 'train' | 'validation' | 'test') =>
    expectList(classCounts[key], `${path}.classCounts.${key}`, classNames.length, expectCount)
  const problemsPath = `${path}.problems`
  const problems = expectArray(record.problems, problemsPath, 1_000_000).map((problem, index) => {
    const item = expectRecord(problem, `${problemsPath}[${index}]`)
    return {
      path: expectString(item.path, `${problemsPath}[${index}].path`),
      reason: expectString(item.reason, `${problemsPath}[${index}].reason`, { maxLength: 65_536 }),
    }
  })
  const problemCount = expectCount(record.problemCount, `${path}.problemCount`)
  if (problemCount < problems.length) {
    fail(`${path}.problemCount`, problemCount, `at least the ${problems.length} problems listed`)
  }
  return {
    ...record,
    id: expectString(record.id, `${path}.id`),
    dataRef: parseDataRef(record.dataRef, `${path}.dataRef`),
    kind: expectOneOf(record.kind, `${path}.kind`, DATASET_KINDS),
    name: expectString(record.name, `${path}.name`),
    source: expectString(record.source, `${path}.source`),
    classNames,
    imageShape,
    splits: {
      train: expectCount(splits.train, `${path}.splits.train`),
      validation: expectCount(splits.validation, `${path}.splits.validation`),
      test: expectCount(splits.test, `${path}.splits.test`),
    },
    classCounts: { train: perClass('train'), validation: perClass('validation'), test: perClass('test') },
    preprocessing: expectPreprocessing(record.preprocessing, `${path}.preprocessing`),
    split: expectSplitSettings(record.split, `${path}.split`),
    splitOrigin: expectOneOf(record.splitOrigin, `${path}.splitOrigin`, SPLIT_ORIGINS),
    normalization: expectNormalization(record.normalization, `${path}.normalization`, imageShape.channels),
    sourceSizes: parseSourceSizes(record.sourceSizes, `${path}.sourceSizes`),
    examples: expectArray(record.examples, `${path}.examples`).map((examples, index) =>
      parseClassExamples(examples, `${path}.examples[${index}]`, imageSize),
    ),
    problems,
    problemCount,
    findings: expectArray(record.findings, `${path}.findings`, 100_000).map((finding, index) =>
      parseFinding(finding, `${path}.findings[${index}]`),
    ),
    importStats: parseImportStats(record.importStats, `${path}.importStats`),
  }
}

// Checks the result of every studio request before a screen sees it, one parser per method. The table is
// typed over StudioMethod, so adding a request to the contract without a parser here is a compile error.
// Unknown extra fields are kept (a newer host may send more); the fields the UI reads are checked.

import type {
  AppInfo,
  ClassExamples,
  DatasetSummary,
  StudioMethod,
  StudioResult,
} from '../../app/protocol/studioApi'
import type { DataSourceRef } from '../../app/protocol/trainerProtocol'
import type { TensorShape } from '../../app/model/networkSpec'
import {
  expectArray,
  expectBoolean,
  expectInteger,
  expectOneOf,
  expectRecord,
  expectString,
  fail,
} from '../../app/protocol/validate'

const COUNT_MAX = 1e12

function parseTensorShape(value: unknown, path: string): TensorShape {
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
    count: expectInteger(record.count, `${path}.count`, 0, COUNT_MAX),
    images,
  }
}

/** Opaque to the renderer (it only hands it back to the trainer), so only its tag is checked. */
function parseDataRef(value: unknown, path: string): DataSourceRef {
  const record = expectRecord(value, path)
  expectString(record.kind, `${path}.kind`)
  return record as DataSourceRef
}

export function parseDatasetSummary(value: unknown, path = 'dataset'): DatasetSummary {
  const record = expectRecord(value, path)
  const imageShape = parseTensorShape(record.imageShape, `${path}.imageShape`)
  const imageSize = imageShape.height * imageShape.width * imageShape.channels
  const splits = expectRecord(record.splits, `${path}.splits`)
  return {
    ...record,
    id: expectString(record.id, `${path}.id`),
    dataRef: parseDataRef(record.dataRef, `${path}.dataRef`),
    name: expectString(record.name, `${path}.name`),
    source: expectString(record.source, `${path}.source`),
    classNames: expectArray(record.classNames, `${path}.classNames`).map((name, index) =>
      expectString(name, `${path}.classNames[${index}]`),
    ),
    imageShape,
    splits: {
      train: expectInteger(splits.train, `${path}.splits.train`, 0, COUNT_MAX),
      validation: expectInteger(splits.validation, `${path}.splits.validation`, 0, COUNT_MAX),
      test: expectInteger(splits.test, `${path}.splits.test`, 0, COUNT_MAX),
    },
    examples: expectArray(record.examples, `${path}.examples`).map((examples, index) =>
      parseClassExamples(examples, `${path}.examples[${index}]`, imageSize),
    ),
    problems: expectArray(record.problems, `${path}.problems`, 1_000_000).map((problem, index) => {
      const item = expectRecord(problem, `${path}.problems[${index}]`)
      return {
        path: expectString(item.path, `${path}.problems[${index}].path`),
        reason: expectString(item.reason, `${path}.problems[${index}].reason`),
      }
    }),
  }
}

export function parseAppInfo(value: unknown, path = 'app info'): AppInfo {
  const record = expectRecord(value, path)
  return {
    ...record,
    name: expectString(record.name, `${path}.name`),
    version: expectString(record.version, `${path}.version`),
    host: expectOneOf(record.host, `${path}.host`, ['electron', 'serve'] as const),
    apiVersion: expectInteger(record.apiVersion, `${path}.apiVersion`, 0, COUNT_MAX),
    trainerProtocolVersion: expectInteger(
      record.trainerProtocolVersion,
      `${path}.trainerProtocolVersion`,
      0,
      COUNT_MAX,
    ),
    canOpenFolderPaths: expectBoolean(record.canOpenFolderPaths, `${path}.canOpenFolderPaths`),
  }
}

type ResultParsers = { readonly [M in StudioMethod]: (value: unknown, path: string) => StudioResult<M> }

const RESULT_PARSERS: ResultParsers = {
  'app:info': parseAppInfo,
  'datasets:sample': parseDatasetSummary,
  'datasets:openFolder': parseDatasetSummary,
}

/** Checks a response's result for `method`; the ValidationError names the method and the field. */
export function parseResult<M extends StudioMethod>(method: M, value: unknown): StudioResult<M> {
  const parser = RESULT_PARSERS[method] as (value: unknown, path: string) => StudioResult<M>
  return parser(value, `${method} result`)
}

// The dataset cache's JSON header: its type and the checks a header read from a file must pass. The optional
// fields (kind, importId, preprocessing, split, splitOrigin, normalization) came with dataset imports; files
// written before them still validate. The binary layout around the header lives in datasetCache.ts; the
// checkers for preprocessing, split settings and ids are shared with the manifest (datasetManifest.ts).

import { MAX_CLASSES } from '../data/imageDataset'
import type { Normalization } from '../data/imageDataset'
import { channelsOf, expectNormalization, expectPreprocessing, expectSplitSettings } from '../data/importSettings'
import type { Preprocessing, SplitSettings } from '../data/importSettings'
import type { TensorShape } from '../model/networkSpec'
import { DATASET_KINDS, SPLIT_ORIGINS } from '../protocol/studioApi'
import type { DatasetKind, SplitOrigin } from '../protocol/studioApi'
import {
  expectArray,
  expectInteger,
  expectOneOf,
  expectRecord,
  expectString,
  fail,
} from '../protocol/validate'

/** What the JSON header says; enough to list a dataset without reading its images. */
export type DatasetCacheHeader = Readonly<{
  name: string
  classNames: readonly string[]
  imageShape: TensorShape
  count: number
  splits: Readonly<{ train: number; validation: number; test: number }>
  /** Where the data came from, for people: a folder path, "built-in sample", … */
  source: string
  kind?: DatasetKind
  /** Random hex, new for every import; the manifest beside the cache carries the same one. */
  importId?: string
  preprocessing?: Preprocessing
  split?: SplitSettings
  splitOrigin?: SplitOrigin
  /** Per-channel mean and std of the training split in 0..1 units: what the trainer normalises with. */
  normalization?: Normalization
}>


const MAX_IMAGE_SIDE = 4096
const IMPORT_ID_PATTERN = /^[0-9a-f]{8,64}$/

export function expectImportId(value: unknown, path: string): string {
  if (typeof value !== 'string' || !IMPORT_ID_PATTERN.test(value)) {
    fail(path, value, 'an import id: 8 to 64 lower-case hex digits')
  }
  return value
}

function checkPreprocessingFits(preprocessing: Preprocessing, shape: TensorShape, path: string): void {
  const { size, colorMode } = preprocessing
  if (size !== shape.height || size !== shape.width) {
    fail(`${path}.size`, size, `the image size of imageShape (${shape.height}×${shape.width})`)
  }
  if (channelsOf(colorMode) !== shape.channels) {
    fail(`${path}.colorMode`, colorMode, `a colour mode with imageShape's ${shape.channels} channel(s)`)
  }
}

/** Checks a parsed header; absent optional fields stay absent, present ones must be valid. */
export function validateDatasetCacheHeader(value: unknown): DatasetCacheHeader {
  const path = 'dataset cache header'
  const record = expectRecord(value, path)
  const shape = expectRecord(record.imageShape, `${path}.imageShape`)
  const splits = expectRecord(record.splits, `${path}.splits`)
  const count = expectInteger(record.count, `${path}.count`, 0, 2 ** 31 - 1)
  const imageShape: TensorShape = {
    height: expectInteger(shape.height, `${path}.imageShape.height`, 1, MAX_IMAGE_SIDE),
    width: expectInteger(shape.width, `${path}.imageShape.width`, 1, MAX_IMAGE_SIDE),
    channels: expectInteger(shape.channels, `${path}.imageShape.channels`, 1, 4),
  }
  const header: { -readonly [K in keyof DatasetCacheHeader]: DatasetCacheHeader[K] } = {
    name: expectString(record.name, `${path}.name`),
    classNames: expectArray(record.classNames, `${path}.classNames`, MAX_CLASSES).map((name, i) =>
      expectString(name, `${path}.classNames[${i}]`, { maxLength: 200 }),
    ),
    imageShape,
    count,
    splits: {
      train: expectInteger(splits.train, `${path}.splits.train`, 0, count),
      validation: expectInteger(splits.validation, `${path}.splits.validation`, 0, count),
      test: expectInteger(splits.test, `${path}.splits.test`, 0, count),
    },
    source: expectString(record.source, `${path}.source`, { maxLength: 100_000 }),
  }
  if (record.kind !== undefined) {
    header.kind = expectOneOf(record.kind, `${path}.kind`, DATASET_KINDS)
  }
  if (record.importId !== undefined) {
    header.importId = expectImportId(record.importId, `${path}.importId`)
  }
  if (record.preprocessing !== undefined) {
    header.preprocessing = expectPreprocessing(record.preprocessing, `${path}.preprocessing`)
    checkPreprocessingFits(header.preprocessing, imageShape, `${path}.preprocessing`)
  }
  if (record.split !== undefined) {
    header.split = expectSplitSettings(record.split, `${path}.split`)
  }
  if (record.splitOrigin !== undefined) {
    header.splitOrigin = expectOneOf(record.splitOrigin, `${path}.splitOrigin`, SPLIT_ORIGINS)
  }
  if (record.normalization !== undefined) {
    header.normalization = expectNormalization(record.normalization, `${path}.normalization`, imageShape.channels)
  }
  return header
}

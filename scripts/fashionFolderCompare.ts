// Checks that importing the Fashion-MNIST PNG folder (fashionMnistFolder.ts) gave exactly the IDX data: reads both
// caches and manifests back from the project folder and compares every folder image with the IDX file's bytes
// (the reference, decoded by the app's IDX codec) and with the IDX import's cache, mapped through the manifests'
// paths. Returns every disagreement as text instead of asserting, so the e2e test asserts and the benchmark prints.

import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { decodeDatasetCache, datasetCacheRelativePath } from '../app/formats/datasetCache'
import { DATASET_MANIFEST_FILE_NAME, decodeDatasetManifest } from '../app/formats/datasetManifest'
import type { DatasetManifest } from '../app/formats/datasetManifest'
import type { ImageDataset } from '../app/data/imageDataset'
import { FASHION_FOLDER_CLASS_NAMES } from './fashionMnistFolder'
import type { FashionPart, IdxPart } from './fashionMnistFolder'
import { manifestEntryList } from '../app/formats/manifestEntries'

export type StoredDataset = Readonly<{ dataset: ImageDataset; manifest: DatasetManifest }>

export type FolderComparison = Readonly<{
  /** Images in the folder import's cache. */
  count: number
  /** Test images in the folder import, and how many files test/ held. */
  testCount: number
  /** Every disagreement found (at most `maxProblems` listed), and how many there were. */
  problems: readonly string[]
  problemCount: number
  /** Whether the IDX cache, reordered into the folder cache's order, equals it byte for byte. */
  imagesEqualAfterMapping: boolean
  labelsEqualAfterMapping: boolean
}>

const IDX_FILE_OF_PART: Readonly<Record<FashionPart, string>> = {
  train: 'train-images-idx3-ubyte.gz',
  test: 't10k-images-idx3-ubyte.gz',
}
const FOLDER_PATH = /^(train|test)\/([^/]+)\/(\d+)\.png$/

/** The cache and the manifest of one dataset, as written to the project folder. */
export async function readStoredDataset(projectDir: string, datasetId: string): Promise<StoredDataset> {
  const cachePath = join(projectDir, ...datasetCacheRelativePath(datasetId).split('/'))
  const dataset = decodeDatasetCache(new Uint8Array(await readFile(cachePath)))
  const manifestPath = join(projectDir, 'datasets', datasetId, DATASET_MANIFEST_FILE_NAME)
  const manifest = decodeDatasetManifest(await readFile(manifestPath, 'utf8'), manifestPath)
  return { dataset, manifest }
}

/** Compares the folder import with the IDX reference and the IDX import; `expected` = files written per part. */
export function compareFolderWithIdx(
  folder: StoredDataset,
  idx: StoredDataset,
  reference: Readonly<Record<FashionPart, IdxPart>>,
  expected: Readonly<Record<FashionPart, number>>,
  maxProblems = 20,
): FolderComparison {
  const problems: string[] = []
  let problemCount = 0
  const report = (message: string): void => {
    if (problemCount++ < maxProblems) {
      problems.push(message)
    }
  }
  const { dataset } = folder
  const imageBytes = dataset.imageShape.height * dataset.imageShape.width * dataset.imageShape.channels
  if (dataset.count !== expected.train + expected.test) {
    report(`folder cache holds ${dataset.count} images, the folder ${expected.train + expected.test} files`)
  }
  if (folder.manifest.problems.length > 0) {
    report(`folder import reported ${folder.manifest.problems.length} problems, e.g. ${folder.manifest.problems[0].reason}`)
  }
  const idxIndexOfPath = new Map(manifestEntryList(idx.manifest.entries).map((entry) => [entry.path, entry.index]))
  // For each folder cache index, the IDX cache index holding the same source image.
  const idxIndexOf = new Int32Array(dataset.count).fill(-1)
  const splitCode = new Uint8Array(dataset.count).fill(255)
  for (const [code, part] of [dataset.splits.train, dataset.splits.validation, dataset.splits.test].entries()) {
    part.forEach((index) => (splitCode[index] = code))
  }
  let testCount = 0
  for (const entry of manifestEntryList(folder.manifest.entries)) {
    const match = FOLDER_PATH.exec(entry.path)
    if (!match) {
      report(`unexpected manifest path ${entry.path}`)
      continue
    }
    const part = match[1] as FashionPart
    const fileIndex = Number(match[3])
    const { images, labels } = reference[part]
    const at = entry.index
    const label = labels[fileIndex]
    if (match[2] !== FASHION_FOLDER_CLASS_NAMES[label] || dataset.labels[at] !== label || entry.label !== label) {
      report(`${entry.path}: IDX label ${label}, cache label ${dataset.labels[at]}, manifest label ${entry.label}`)
    }
    const pixels = dataset.images.subarray(at * imageBytes, (at + 1) * imageBytes)
    const referencePixels = images.pixels.subarray(fileIndex * imageBytes, (fileIndex + 1) * imageBytes)
    if (imageBytes !== images.height * images.width || Buffer.compare(pixels, referencePixels) !== 0) {
      report(`${entry.path}: pixels differ from ${IDX_FILE_OF_PART[part]} image ${fileIndex}`)
    }
    const isTest = part === 'test'
    testCount += isTest && splitCode[at] === 2 ? 1 : 0
    if ((splitCode[at] === 2) !== isTest || (entry.split === 2) !== isTest) {
      report(`${entry.path}: split ${splitCode[at]} in the cache, ${entry.split} in the manifest`)
    }
    idxIndexOf[at] = idxIndexOfPath.get(`${IDX_FILE_OF_PART[part]}#${fileIndex}`) ?? -1
    if (idxIndexOf[at] < 0) {
      report(`${entry.path}: the IDX manifest has no ${IDX_FILE_OF_PART[part]}#${fileIndex}`)
    }
  }
  if (testCount !== expected.test || dataset.splits.test.length !== expected.test) {
    report(`test split: ${dataset.splits.test.length} images (${testCount} from test/), test/ holds ${expected.test}`)
  }
  const mapped = mapIdxIntoFolderOrder(idx.dataset, idxIndexOf, imageBytes)
  return {
    count: dataset.count,
    testCount,
    problems,
    problemCount,
    imagesEqualAfterMapping: Buffer.compare(mapped.images, dataset.images) === 0,
    labelsEqualAfterMapping: Buffer.compare(mapped.labels, dataset.labels) === 0,
  }
}

/** The IDX cache's images and labels reordered into the folder cache's order (unmatched images stay zero). */
function mapIdxIntoFolderOrder(idx: ImageDataset, idxIndexOf: Int32Array, imageBytes: number) {
  const images = new Uint8Array(idxIndexOf.length * imageBytes)
  const labels = new Uint8Array(idxIndexOf.length)
  idxIndexOf.forEach((from, to) => {
    if (from >= 0 && from < idx.count) {
      images.set(idx.images.subarray(from * imageBytes, (from + 1) * imageBytes), to * imageBytes)
      labels[to] = idx.labels[from]
    }
  })
  return { images, labels }
}

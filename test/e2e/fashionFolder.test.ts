// Real data through the folder importer: the first 2,000 training and 500 test images of Debian's Fashion-MNIST
// written as PNG files in class folders (train/<class>/<index>.png, test/...), imported with importDataset, and
// compared image by image with the IDX files and with the IDX import of the same images. The full 70,000-image
// comparison is a command: node scripts/run-ts.mjs scripts/benchImport.ts --compare-full.

import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { encodeIdx } from '../../app/formats/idx'
import { importDataset } from '../../main/services/import/importDataset'
import type { ImportOutcome } from '../../main/services/import/importDataset'
import { compareFolderWithIdx, readStoredDataset } from '../../scripts/fashionFolderCompare'
import {
  DEBIAN_FASHION_MNIST,
  FASHION_FOLDER_CLASS_NAMES,
  readFashionMnistPart,
  writeFashionMnistPngs,
} from '../../scripts/fashionMnistFolder'
import type { FashionPart, IdxPart } from '../../scripts/fashionMnistFolder'

const isInstalled = existsSync(join(DEBIAN_FASHION_MNIST, 'train-images-idx3-ubyte.gz'))
const COUNTS: Readonly<Record<FashionPart, number>> = { train: 2_000, test: 500 }

let workDir: string
let reference: Record<FashionPart, IdxPart>
let folderOutcome: ImportOutcome
const projectDir = (): string => join(workDir, 'project')

/** The first `count` images and labels of a part as a gzipped IDX pair named like Debian's files. */
async function writeIdxPair(folder: string, prefix: string, part: IdxPart, count: number): Promise<void> {
  const { height, width, pixels } = part.images
  const images = encodeIdx([count, height, width], pixels.subarray(0, count * height * width))
  const labels = encodeIdx([count], part.labels.subarray(0, count))
  await writeFile(join(folder, `${prefix}-images-idx3-ubyte.gz`), gzipSync(images))
  await writeFile(join(folder, `${prefix}-labels-idx1-ubyte.gz`), gzipSync(labels))
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'fashion-folder-e2e-'))
  if (!isInstalled) {
    return
  }
  reference = {
    train: await readFashionMnistPart(DEBIAN_FASHION_MNIST, 'train'),
    test: await readFashionMnistPart(DEBIAN_FASHION_MNIST, 'test'),
  }
  const folder = join(workDir, 'fashion png folder')
  await writeFashionMnistPngs(folder, { limitTrain: COUNTS.train, limitTest: COUNTS.test })
  const idxFolder = join(workDir, 'fashion-idx-small')
  await mkdir(idxFolder)
  await writeIdxPair(idxFolder, 'train', reference.train, COUNTS.train)
  await writeIdxPair(idxFolder, 't10k', reference.test, COUNTS.test)
  const environment = { projectDir: projectDir(), write: true }
  // No settings: size and colour mode must come from the data.
  folderOutcome = await importDataset({ source: folder, settings: {}, datasetId: 'fashion-folder' }, environment)
  await importDataset({ source: idxFolder, settings: {}, datasetId: 'fashion-idx' }, environment)
}, 120_000)
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true })
})

describe.runIf(isInstalled)('Fashion-MNIST as a PNG folder (dataset-fashion-mnist)', () => {
  test('the defaults chosen from the data are 28×28 grayscale, the split comes from the train/ and test/ folders', () => {
    const { header, kind, stats } = folderOutcome
    expect(kind).toBe('imageFolder')
    expect(header.preprocessing).toEqual({ size: 28, colorMode: 'grayscale', resizeMode: 'squash' })
    expect(header.imageShape).toEqual({ height: 28, width: 28, channels: 1 })
    expect(header.splitOrigin).toBe('folders')
    expect(header.classNames).toEqual(FASHION_FOLDER_CLASS_NAMES)
    expect(stats.decoded + stats.reused).toBe(COUNTS.train + COUNTS.test)
    expect(stats.skipped).toBe(0)
  })

  test('every image, label and test assignment equals the IDX data, and the two caches agree byte for byte', async () => {
    const folder = await readStoredDataset(projectDir(), 'fashion-folder')
    const idx = await readStoredDataset(projectDir(), 'fashion-idx')
    const comparison = compareFolderWithIdx(folder, idx, reference, COUNTS)
    expect(comparison.problems).toEqual([])
    expect(comparison.count).toBe(COUNTS.train + COUNTS.test)
    expect(comparison.testCount).toBe(COUNTS.test)
    expect(comparison.imagesEqualAfterMapping).toBe(true)
    expect(comparison.labelsEqualAfterMapping).toBe(true)
  })

  test('the comparison notices a single changed pixel and a single changed label', async () => {
    const folder = await readStoredDataset(projectDir(), 'fashion-folder')
    const idx = await readStoredDataset(projectDir(), 'fashion-idx')
    folder.dataset.images[folder.dataset.images.length - 1] ^= 1
    folder.dataset.labels[0] = (folder.dataset.labels[0] + 1) % 10
    const comparison = compareFolderWithIdx(folder, idx, reference, COUNTS)
    expect(comparison.problemCount).toBe(2)
    expect(comparison.imagesEqualAfterMapping).toBe(false)
    expect(comparison.labelsEqualAfterMapping).toBe(false)
  })
})

test('the Fashion-MNIST folder check runs where the Debian package is installed (CI installs it)', () => {
  expect(isInstalled || process.env.CI !== 'true').toBe(true)
})

// Reading MNIST-style IDX folders into import items: small files written by the test (gzipped and not), the
// items and fixed splits they give, Fashion-MNIST's class names when recognised, each refusal or problem; the
// whole import (native pixels kept, resized through sharp); then the real Debian Fashion-MNIST files if installed.

import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { classCounts } from '../../../app/data/imageDataset'
import { encodeIdx } from '../../../app/formats/idx'
import { FASHION_MNIST_CLASS_NAMES, isIdxFolder, planIdxFolder } from '../../../main/services/idxImport'
import { preprocessPixels } from '../../../main/services/imageDecode'
import { importDataset } from '../../../main/services/import/importDataset'
import { planItemList } from '../../../main/services/import/planItems'
import type { PixelItem } from '../../../main/services/import/sourcePlan'
import { manifestEntryAt } from '../../../app/formats/manifestEntries'

let root: string

type Part = { count: number; side: number; labelOf: (i: number) => number }

/** Pixel p of image i is (i + p) mod 256, so every image is recognisable after the import. */
function imagesOf({ count, side }: Part): Uint8Array {
  return Uint8Array.from(
    { length: count * side * side },
    (_, k) => (Math.floor(k / (side * side)) + (k % (side * side))) % 256,
  )
}

function labelsOf({ count, labelOf }: Part): Uint8Array {
  return Uint8Array.from({ length: count }, (_, i) => labelOf(i))
}

async function writeIdx(folder: string, name: string, bytes: Uint8Array, gzipped: boolean): Promise<void> {
  await writeFile(join(folder, gzipped ? `${name}.gz` : name), gzipped ? gzipSync(bytes) : bytes)
}

/** Writes the IDX files of a folder; `omit` leaves some out, `gzipped` says which are compressed. */
async function idxFolder(
  name: string,
  train: Part,
  test: Part | null,
  options: { gzipped?: boolean; omit?: string[] } = {},
): Promise<string> {
  const folder = join(root, name)
  await mkdir(folder, { recursive: true })
  const files: [string, Uint8Array][] = [
    ['train-images-idx3-ubyte', encodeIdx([train.count, train.side, train.side], imagesOf(train))],
    ['train-labels-idx1-ubyte', encodeIdx([train.count], labelsOf(train))],
  ]
  if (test) {
    files.push(['t10k-images-idx3-ubyte', encodeIdx([test.count, test.side, test.side], imagesOf(test))])
    files.push(['t10k-labels-idx1-ubyte', encodeIdx([test.count], labelsOf(test))])
  }
  let index = 0
  for (const [file, bytes] of files) {
    if (!options.omit?.includes(file)) {
      await writeIdx(folder, file, bytes, options.gzipped ?? index % 2 === 0) // mixed by default
    }
    index++
  }
  return folder
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cnn-studio-idx-'))
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('planIdxFolder', () => {
  test('train items, then t10k items fixed to the test split, each a view of its image', async () => {
    const train: Part = { count: 200, side: 5, labelOf: (i) => i % 4 }
    const test: Part = { count: 30, side: 5, labelOf: (i) => (i * 7) % 4 }
    const folder = await idxFolder('digits', train, test)
    const plan = await planIdxFolder(folder)
    const { kind, name, classNames, splitOrigin } = plan
    expect({ kind, name, classNames, splitOrigin }).toEqual({
      kind: 'idx', name: 'digits', classNames: ['0', '1', '2', '3'], splitOrigin: 'sourceFiles',
    })
    expect(plan.native).toEqual({ size: 5, colorMode: 'grayscale' })
    expect(plan.problems).toEqual([])
    const items = planItemList(plan.items) as PixelItem[]
    expect(items).toHaveLength(230)
    expect(items.map((item) => item.fixedSplit)).toEqual([...new Array(200).fill(-1), ...new Array(30).fill(2)])
    // Item 203 is test image 3: pixels (3 + p) mod 256; its label is (3·7) mod 4 = 1.
    expect(items[203]).toMatchObject({
      path: 't10k-images-idx3-ubyte.gz#3', label: 1, width: 5, height: 5, channels: 1,
    })
    expect(Array.from(items[203].pixels.subarray(0, 3))).toEqual([3, 4, 5])
    expect(items[17].path).toBe('train-images-idx3-ubyte.gz#17')
    expect(Array.from(items[17].pixels.subarray(0, 2))).toEqual([17, 18])
  })

  test('28×28 with 10 classes in a folder named like Fashion-MNIST gets its class names', async () => {
    const part: Part = { count: 20, side: 28, labelOf: (i) => i % 10 }
    const fashion = await planIdxFolder(await idxFolder('Fashion-MNIST', part, part))
    expect({ name: fashion.name, classNames: fashion.classNames }).toEqual({
      name: 'Fashion-MNIST',
      classNames: [...FASHION_MNIST_CLASS_NAMES],
    })
    const plain = await planIdxFolder(await idxFolder('mnist', part, part))
    expect(plain.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
    const small = await planIdxFolder(await idxFolder('fashion-small', { ...part, side: 14 }, null))
    expect(small.classNames[0]).toBe('0')
  })

  test('an unusable t10k pair is a problem and the test split is left to the split settings', async () => {
    const part: Part = { count: 4, side: 4, labelOf: (i) => i % 2 }
    const omit = ['t10k-images-idx3-ubyte']
    const lonely = await planIdxFolder(await idxFolder('one-t10k', part, part, { omit }))
    expect(lonely.splitOrigin).toBe('seeded')
    expect(lonely.problems).toEqual([{
      path: 't10k-labels-idx1-ubyte',
      reason: 'no t10k-images-idx3-ubyte[.gz] beside it; the test split is carved from the training files instead',
    }])
    const sizes = await planIdxFolder(await idxFolder('sizes', part, { ...part, side: 3 }))
    expect(sizes.items.count).toBe(4)
    expect(sizes.problems[0].reason).toBe(
      'test images are 3×3, training images 4×4; they must be the same size; ' +
        'the test split is carved from the training files instead',
    )
  })

  test('refuses a folder without training labels', async () => {
    const part: Part = { count: 4, side: 2, labelOf: (i) => i % 2 }
    const folder = await idxFolder('no-labels', part, part, { omit: ['train-labels-idx1-ubyte'] })
    await expect(planIdxFolder(folder)).rejects.toThrow(
      'has no train-labels-idx1-ubyte[.gz]; expected an MNIST-style folder',
    )
  })

  test('refuses images and labels of different counts, naming both files', async () => {
    const folder = await idxFolder('mismatch', { count: 6, side: 2, labelOf: () => 0 }, null, {
      gzipped: false,
    })
    await writeFile(join(folder, 'train-labels-idx1-ubyte'), encodeIdx([5], new Uint8Array(5)))
    await expect(planIdxFolder(folder)).rejects.toThrow(
      'IDX import: train-images-idx3-ubyte holds 6 images but train-labels-idx1-ubyte holds 5 labels',
    )
  })

  test('refuses a truncated gzipped file with the codec message and the file name', async () => {
    const folder = await idxFolder('truncated', { count: 4, side: 2, labelOf: () => 0 }, null, {
      gzipped: true,
    })
    const bytes = encodeIdx([4, 2, 2], new Uint8Array(16)).subarray(0, 20)
    await writeFile(join(folder, 'train-images-idx3-ubyte.gz'), gzipSync(bytes))
    await expect(planIdxFolder(folder)).rejects.toThrow(
      'train-images-idx3-ubyte.gz: truncated data: the header says 4×2×2 = 16 bytes, the file holds 4',
    )
  })

  test('refuses both a .gz and a plain file for one role', async () => {
    const folder = await idxFolder('both', { count: 2, side: 2, labelOf: () => 0 }, null, { gzipped: false })
    await writeFile(join(folder, 'train-labels-idx1-ubyte.gz'), gzipSync(encodeIdx([2], new Uint8Array(2))))
    await expect(planIdxFolder(folder)).rejects.toThrow(
      'holds both train-labels-idx1-ubyte and train-labels-idx1-ubyte.gz; keep one of them',
    )
  })

  test('isIdxFolder tells an MNIST-style folder from others', async () => {
    const part: Part = { count: 2, side: 2, labelOf: () => 0 }
    expect(await isIdxFolder(await idxFolder('recognised', part, null))).toBe(true)
    const omit = ['train-labels-idx1-ubyte']
    expect(await isIdxFolder(await idxFolder('no-train-labels', part, null, { omit }))).toBe(false)
    expect(await isIdxFolder(join(root, 'nowhere'))).toBe(false)
    await expect(planIdxFolder(join(root, 'nowhere'))).rejects.toThrow('IDX import: cannot read the folder')
  })
})

describe('importing an IDX folder', () => {
  test('native size keeps the pixels; t10k is the test split; validation comes from training', async () => {
    const train: Part = { count: 80, side: 6, labelOf: (i) => i % 2 }
    const test: Part = { count: 10, side: 6, labelOf: (i) => i % 2 }
    const source = await idxFolder('whole', train, test)
    const outcome = await importDataset(
      { source, settings: { split: { validation: 0.2, test: 0.3, seed: 1 } }, datasetId: 'whole' },
      { projectDir: join(root, 'project'), write: false },
    )
    const { dataset, header } = outcome
    expect(header.preprocessing).toEqual({ size: 6, colorMode: 'grayscale', resizeMode: 'squash' })
    expect(header.splitOrigin).toBe('sourceFiles')
    expect(Array.from(dataset.images)).toEqual([...imagesOf(train), ...imagesOf(test)])
    expect(Array.from(dataset.splits.test)).toEqual(Array.from({ length: 10 }, (_, i) => 80 + i))
    // Validation is carved from each class's 40 training images: round(40 × 0.2) = 8; no test is carved.
    expect(classCounts(dataset, dataset.splits.validation)).toEqual([8, 8])
    expect(Math.max(...dataset.splits.validation)).toBeLessThan(80)
    expect(manifestEntryAt(outcome.manifest.entries, 85))
      .toMatchObject({ path: 't10k-images-idx3-ubyte.gz#5', byteLength: 36, split: 2 })
  })

  test('another size or colour resizes each image through sharp', async () => {
    const part: Part = { count: 12, side: 6, labelOf: (i) => i % 2 }
    const source = await idxFolder('resized', part, null)
    const preprocessing = { size: 4, colorMode: 'rgb', resizeMode: 'letterbox' } as const
    const outcome = await importDataset(
      { source, settings: { preprocessing }, datasetId: 'resized' },
      { projectDir: join(root, 'project'), write: false },
    )
    const expected = await preprocessPixels(imagesOf(part).subarray(36 * 7, 36 * 8), 6, 6, 1, preprocessing)
    expect(Array.from(outcome.dataset.images.subarray(48 * 7, 48 * 8))).toEqual(Array.from(expected))
    expect(outcome.dataset.imageShape).toEqual({ height: 4, width: 4, channels: 3 })
  })
})

const DEBIAN_FOLDER = '/usr/share/datasets/fashion-mnist'
const hasDebianFiles = existsSync(join(DEBIAN_FOLDER, 'train-images-idx3-ubyte.gz'))
if (!hasDebianFiles) {
  console.log(
    `idxImport: skipping the real Fashion-MNIST test: ${DEBIAN_FOLDER} is absent ` +
      '(apt-get install dataset-fashion-mnist)',
  )
}

describe.skipIf(!hasDebianFiles)('the Debian dataset-fashion-mnist files', () => {
  test('import as Fashion-MNIST: 60,000 + 10,000 images of 28×28, the t10k files as the test split', async () => {
    const { dataset, header } = await importDataset(
      { source: DEBIAN_FOLDER, settings: {}, datasetId: 'fashion' },
      { projectDir: join(root, 'project'), write: false },
    )
    expect({ name: dataset.name, count: dataset.count, imageShape: dataset.imageShape }).toEqual({
      name: 'Fashion-MNIST',
      count: 70_000,
      imageShape: { height: 28, width: 28, channels: 1 },
    })
    expect(header.preprocessing).toEqual({ size: 28, colorMode: 'grayscale', resizeMode: 'squash' })
    expect(dataset.classNames).toEqual([...FASHION_MNIST_CLASS_NAMES])
    // Per class: 1,000 t10k images (test) and 6,000 training images, of which round(6000 × 0.1) = 600 validate.
    expect(classCounts(dataset, dataset.splits.test)).toEqual(new Array(10).fill(1000))
    expect(classCounts(dataset, dataset.splits.validation)).toEqual(new Array(10).fill(600))
    expect(classCounts(dataset, dataset.splits.train)).toEqual(new Array(10).fill(5400))
  }, 240_000) // the doctor's near-duplicate search over 70,000 images takes a while on a busy machine
})

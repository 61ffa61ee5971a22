// Importing MNIST-style IDX folders: small files written by the test (gzipped and not), the splits they give,
// Fashion-MNIST's class names when recognised, each refusal; then the real Debian Fashion-MNIST files if installed.

import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { classCounts } from '../../../app/data/imageDataset'
import { encodeIdx } from '../../../app/formats/idx'
import { FASHION_MNIST_CLASS_NAMES, importIdxFolder, isIdxFolder } from '../../../main/services/idxImport'

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

describe('importIdxFolder', () => {
  test('train + t10k: test split from the t10k files, a stratified 10% validation split from train', async () => {
    const train: Part = { count: 200, side: 5, labelOf: (i) => i % 4 }
    const test: Part = { count: 30, side: 5, labelOf: (i) => (i * 7) % 4 }
    const folder = await idxFolder('digits', train, test)
    const { dataset, files } = await importIdxFolder(folder, { seed: 1 })
    expect(files.testLabels).toBe(join(folder, 't10k-labels-idx1-ubyte'))
    expect(files.trainImages).toBe(join(folder, 'train-images-idx3-ubyte.gz'))
    expect({
      name: dataset.name,
      classNames: dataset.classNames,
      imageShape: dataset.imageShape,
      count: dataset.count,
    }).toEqual({
      name: 'digits',
      classNames: ['0', '1', '2', '3'],
      imageShape: { height: 5, width: 5, channels: 1 },
      count: 230,
    })
    expect(Array.from(dataset.splits.test)).toEqual(Array.from({ length: 30 }, (_, i) => 200 + i))
    expect(classCounts(dataset, dataset.splits.validation)).toEqual([5, 5, 5, 5])
    expect(dataset.splits.train.length).toBe(180)
    expect(Math.max(...dataset.splits.train, ...dataset.splits.validation)).toBeLessThan(200)
    // Image 203 is test image 3: pixels (3 + p) mod 256; its label is (3·7) mod 4 = 1.
    expect(Array.from(dataset.images.subarray(203 * 25, 203 * 25 + 3))).toEqual([3, 4, 5])
    expect(dataset.labels[203]).toBe(1)
    expect(Array.from(dataset.images.subarray(17 * 25, 17 * 25 + 2))).toEqual([17, 18])
  })

  test('the validation split follows the seed and the fraction', async () => {
    const folder = await idxFolder('seeded', { count: 100, side: 2, labelOf: (i) => i % 2 }, null)
    const a = await importIdxFolder(folder, { seed: 1 })
    const b = await importIdxFolder(folder, { seed: 1 })
    const c = await importIdxFolder(folder, { seed: 2 })
    const d = await importIdxFolder(folder, { seed: 1, validationFraction: 0.2 })
    expect(b.dataset.splits).toEqual(a.dataset.splits)
    expect(c.dataset.splits.validation).not.toEqual(a.dataset.splits.validation)
    expect(d.dataset.splits.validation.length).toBe(20)
  })

  test('without t10k files, a test split is carved from train as well', async () => {
    const folder = await idxFolder('train-only', { count: 60, side: 3, labelOf: (i) => i % 3 }, null, {
      gzipped: false,
    })
    const { dataset, files } = await importIdxFolder(folder, { seed: 3 })
    expect(files.testImages).toBeUndefined()
    expect(classCounts(dataset, dataset.splits.test)).toEqual([2, 2, 2])
    expect(classCounts(dataset, dataset.splits.validation)).toEqual([2, 2, 2])
    expect(dataset.splits.train.length).toBe(48)
  })

  test('28×28 with 10 classes in a folder named like Fashion-MNIST gets its class names', async () => {
    const part: Part = { count: 20, side: 28, labelOf: (i) => i % 10 }
    const fashion = await importIdxFolder(await idxFolder('Fashion-MNIST', part, part), { seed: 1 })
    expect({ name: fashion.dataset.name, classNames: fashion.dataset.classNames }).toEqual({
      name: 'Fashion-MNIST',
      classNames: [...FASHION_MNIST_CLASS_NAMES],
    })
    const plain = await importIdxFolder(await idxFolder('mnist', part, part), { seed: 1 })
    expect(plain.dataset.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
    const small = await importIdxFolder(await idxFolder('fashion-small', { ...part, side: 14 }, null), {
      seed: 1,
    })
    expect(small.dataset.classNames[0]).toBe('0')
  })

  test.each([
    {
      label: 'no training labels',
      omit: ['train-labels-idx1-ubyte'],
      message: 'has no train-labels-idx1-ubyte[.gz]; expected an MNIST-style folder',
    },
    {
      label: 'one t10k file only',
      omit: ['t10k-images-idx3-ubyte'],
      message: 'has one t10k file but not t10k-images-idx3-ubyte[.gz]',
    },
  ])('refuses a folder with $label', async ({ label, omit, message }) => {
    const part: Part = { count: 4, side: 2, labelOf: (i) => i % 2 }
    const folder = await idxFolder(label.replaceAll(' ', '-'), part, part, { omit })
    await expect(importIdxFolder(folder, { seed: 1 })).rejects.toThrow(message)
  })

  test('refuses images and labels of different counts, naming both files', async () => {
    const folder = await idxFolder('mismatch', { count: 6, side: 2, labelOf: () => 0 }, null, {
      gzipped: false,
    })
    await writeFile(join(folder, 'train-labels-idx1-ubyte'), encodeIdx([5], new Uint8Array(5)))
    await expect(importIdxFolder(folder, { seed: 1 })).rejects.toThrow(
      'IDX import: train-images-idx3-ubyte holds 6 images but train-labels-idx1-ubyte holds 5 labels',
    )
  })

  test('refuses test images of another size than the training images', async () => {
    const folder = await idxFolder(
      'sizes',
      { count: 4, side: 2, labelOf: () => 0 },
      { count: 4, side: 3, labelOf: () => 0 },
    )
    await expect(importIdxFolder(folder, { seed: 1 })).rejects.toThrow(
      'training images are 2×2 but test images are 3×3',
    )
  })

  test('refuses a truncated gzipped file with the codec message and the file name', async () => {
    const folder = await idxFolder('truncated', { count: 4, side: 2, labelOf: () => 0 }, null, {
      gzipped: true,
    })
    const bytes = encodeIdx([4, 2, 2], new Uint8Array(16)).subarray(0, 20)
    await writeFile(join(folder, 'train-images-idx3-ubyte.gz'), gzipSync(bytes))
    await expect(importIdxFolder(folder, { seed: 1 })).rejects.toThrow(
      'train-images-idx3-ubyte.gz: truncated data: the header says 4×2×2 = 16 bytes, the file holds 4',
    )
  })

  test('refuses both a .gz and a plain file for one role', async () => {
    const folder = await idxFolder('both', { count: 2, side: 2, labelOf: () => 0 }, null, { gzipped: false })
    await writeFile(join(folder, 'train-labels-idx1-ubyte.gz'), gzipSync(encodeIdx([2], new Uint8Array(2))))
    await expect(importIdxFolder(folder, { seed: 1 })).rejects.toThrow(
      'holds both train-labels-idx1-ubyte and train-labels-idx1-ubyte.gz; keep one of them',
    )
  })

  test('isIdxFolder tells an MNIST-style folder from others', async () => {
    const part: Part = { count: 2, side: 2, labelOf: () => 0 }
    expect(await isIdxFolder(await idxFolder('recognised', part, null))).toBe(true)
    expect(await isIdxFolder(await idxFolder('no-labels', part, null, { omit: ['train-labels-idx1-ubyte'] }))).toBe(false)
    expect(await isIdxFolder(join(root, 'nowhere'))).toBe(false)
  })

  test('refuses a missing folder and a bad seed', async () => {
    await expect(importIdxFolder(join(root, 'nowhere'), { seed: 1 })).rejects.toThrow(
      'IDX import: cannot read the folder',
    )
    await expect(importIdxFolder(root, { seed: -1 })).rejects.toThrow('IDX import seed')
  })
})

const DEBIAN_FOLDER = '/usr/share/datasets/fashion-mnist'
const hasDebianFiles = existsSync(join(DEBIAN_FOLDER, 'train-images-idx3-ubyte.gz'))
if (!hasDebianFiles) {
  console.log(
    `idxImport: skipping the real Fashion-MNIST test: ${DEBIAN_FOLDER} is absent (apt-get install dataset-fashion-mnist)`,
  )
}

describe.skipIf(!hasDebianFiles)('the Debian dataset-fashion-mnist files', () => {
  test('import as Fashion-MNIST: 60,000 + 10,000 images of 28×28, balanced classes', async () => {
    const { dataset } = await importIdxFolder(DEBIAN_FOLDER, { seed: 1 })
    expect({ name: dataset.name, count: dataset.count, imageShape: dataset.imageShape }).toEqual({
      name: 'Fashion-MNIST',
      count: 70_000,
      imageShape: { height: 28, width: 28, channels: 1 },
    })
    expect(dataset.classNames).toEqual([...FASHION_MNIST_CLASS_NAMES])
    // Fashion-MNIST has 6,000 training and 1,000 test images per class.
    expect(classCounts(dataset, dataset.splits.test)).toEqual(new Array(10).fill(1000))
    expect(classCounts(dataset, dataset.splits.validation)).toEqual(new Array(10).fill(600))
    expect(classCounts(dataset, dataset.splits.train)).toEqual(new Array(10).fill(5400))
  })
})

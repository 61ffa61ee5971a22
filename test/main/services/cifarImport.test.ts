// Importing CIFAR-10 binary folders built here: images and labels in batch order, class names from
// batches.meta.txt, the seeded stratified validation split, bad batches reported, and the refusals.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { classCounts } from '../../../app/data/imageDataset'
import { CIFAR_RECORD_BYTES } from '../../../app/formats/cifar'
import { importCifarFolder, isCifarFolder } from '../../../main/services/cifarImport'

let root: string

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cifar-import-'))
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

/** A batch whose every byte of image i is (first + i) mod 256, so each image is recognisable after import. */
function batch(labels: number[], first: number): Uint8Array {
  const bytes = new Uint8Array(labels.length * CIFAR_RECORD_BYTES)
  labels.forEach((label, i) => {
    bytes.fill((first + i) % 256, i * CIFAR_RECORD_BYTES + 1, (i + 1) * CIFAR_RECORD_BYTES)
    bytes[i * CIFAR_RECORD_BYTES] = label
  })
  return bytes
}

async function folderOf(name: string, files: Record<string, Uint8Array | string>): Promise<string> {
  const folder = join(root, name)
  await mkdir(folder, { recursive: true })
  for (const [file, content] of Object.entries(files)) {
    await writeFile(join(folder, file), content)
  }
  return folder
}

/** Labels 0..classes-1 repeated to `count` images. */
const cycle = (count: number, classes: number) => Array.from({ length: count }, (_, i) => i % classes)

describe('importCifarFolder', () => {
  test('reads train batches in numeric order, then the test batch, with meta class names', async () => {
    const folder = await folderOf('full', {
      'data_batch_1.bin': batch(cycle(20, 3), 0),
      'data_batch_2.bin': batch(cycle(10, 3), 20),
      'test_batch.bin': batch(cycle(6, 3), 100),
      'batches.meta.txt': 'cat\ndog\nfrog\n\n',
    })
    expect(await isCifarFolder(folder)).toBe(true)
    const { dataset, problems } = await importCifarFolder(folder, { seed: 7, validationFraction: 0.2 })
    expect(problems).toEqual([])
    expect(dataset.classNames).toEqual(['cat', 'dog', 'frog'])
    expect(dataset.count).toBe(36)
    expect(dataset.imageShape).toEqual({ height: 32, width: 32, channels: 3 })
    const imageBytes = 32 * 32 * 3
    const firstByte = Array.from({ length: 36 }, (_, i) => dataset.images[i * imageBytes])
    const expectedFirst = [...Array.from({ length: 30 }, (_, i) => i), ...[100, 101, 102, 103, 104, 105]]
    expect(firstByte).toEqual(expectedFirst)
    expect([...dataset.labels]).toEqual([...cycle(20, 3), ...cycle(10, 3), ...cycle(6, 3)])
    expect([...dataset.splits.test]).toEqual([30, 31, 32, 33, 34, 35])
    // 30 training images, 10 per class: 2 per class to validation.
    expect(classCounts(dataset, dataset.splits.validation)).toEqual([2, 2, 2])
    expect(dataset.splits.train.length).toBe(24)
    const again = await importCifarFolder(folder, { seed: 7, validationFraction: 0.2 })
    expect([...again.dataset.splits.validation]).toEqual([...dataset.splits.validation])
  })

  test('a wrong-length batch is a problem naming it, and the rest still imports', async () => {
    const folder = await folderOf('one-bad', {
      'data_batch_1.bin': batch(cycle(20, 2), 0),
      'data_batch_2.bin': batch(cycle(3, 2), 0).subarray(0, 2 * CIFAR_RECORD_BYTES + 10),
    })
    const { dataset, problems } = await importCifarFolder(folder, { seed: 1 })
    expect(dataset.count).toBe(20)
    expect(dataset.classNames).toEqual(['0', '1'])
    expect(problems).toHaveLength(1)
    expect(problems[0].path).toBe('data_batch_2.bin')
    expect(problems[0].reason).toMatch(new RegExp(`${2 * CIFAR_RECORD_BYTES + 10} bytes.*${CIFAR_RECORD_BYTES}`))
    // No test batch: the test split is carved from training, disjoint from validation.
    expect(dataset.splits.test.length).toBe(2)
    expect(dataset.splits.train.length + dataset.splits.validation.length + dataset.splits.test.length).toBe(20)
  })

  test('meta naming too few classes falls back to numbers with a problem', async () => {
    const folder = await folderOf('short-meta', {
      'data_batch_1.bin': batch(cycle(9, 3), 0),
      'batches.meta.txt': 'cat\ndog\n',
    })
    const { dataset, problems } = await importCifarFolder(folder, { seed: 1 })
    expect(dataset.classNames).toEqual(['0', '1', '2'])
    expect(problems.map((problem) => problem.path)).toEqual(['batches.meta.txt'])
  })

  test('refuses a folder with no usable training batch, saying why', async () => {
    const folder = await folderOf('all-bad', { 'data_batch_1.bin': new Uint8Array(100) })
    await expect(importCifarFolder(folder, { seed: 1 })).rejects.toThrow(/no usable training batch.*100 bytes/)
    const empty = await folderOf('empty', {})
    expect(await isCifarFolder(empty)).toBe(false)
    expect(await isCifarFolder(join(root, 'missing'))).toBe(false)
    await expect(importCifarFolder(join(root, 'missing'), { seed: 1 })).rejects.toThrow(/cannot read the folder/)
  })
})

// Reading CIFAR-10 binary folders built here into import items: images and labels in batch order, class names
// from batches.meta.txt, the test batch fixed to the test split, bad batches reported, and the refusals.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { classCounts } from '../../../app/data/imageDataset'
import { CIFAR_RECORD_BYTES } from '../../../app/formats/cifar'
import { isCifarFolder, planCifarFolder } from '../../../main/services/cifarImport'
import { importDataset } from '../../../main/services/import/importDataset'
import { planItemList } from '../../../main/services/import/planItems'
import type { PixelItem } from '../../../main/services/import/sourcePlan'

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

describe('planCifarFolder', () => {
  test('train batches in numeric order, then the test batch fixed to test, with meta class names', async () => {
    const folder = await folderOf('full', {
      'data_batch_1.bin': batch(cycle(20, 3), 0),
      'data_batch_10.bin': batch(cycle(4, 3), 50),
      'data_batch_2.bin': batch(cycle(10, 3), 20),
      'test_batch.bin': batch(cycle(6, 3), 100),
      'batches.meta.txt': 'cat\ndog\nfrog\n\n',
    })
    expect(await isCifarFolder(folder)).toBe(true)
    const plan = await planCifarFolder(folder)
    expect(plan.problems).toEqual([])
    const { kind, classNames, splitOrigin, native } = plan
    expect({ kind, classNames, splitOrigin, native }).toEqual({
      kind: 'cifar',
      classNames: ['cat', 'dog', 'frog'],
      splitOrigin: 'sourceFiles',
      native: { size: 32, colorMode: 'rgb' },
    })
    const items = planItemList(plan.items) as PixelItem[]
    const firstBytes = items.map((item) => item.pixels[0])
    expect(firstBytes).toEqual([
      ...Array.from({ length: 30 }, (_, i) => i), 50, 51, 52, 53, 100, 101, 102, 103, 104, 105,
    ])
    const labels = [...cycle(20, 3), ...cycle(10, 3), ...cycle(4, 3), ...cycle(6, 3)]
    expect(items.map((item) => item.label)).toEqual(labels)
    expect(items.map((item) => item.fixedSplit)).toEqual([...new Array(34).fill(-1), ...new Array(6).fill(2)])
    expect(items[21]).toMatchObject({ path: 'data_batch_2.bin#1', width: 32, height: 32, channels: 3 })
    expect(items[21].pixels.length).toBe(32 * 32 * 3)
  })

  test('a wrong-length batch is a problem naming it, and the rest still imports', async () => {
    const folder = await folderOf('one-bad', {
      'data_batch_1.bin': batch(cycle(20, 2), 0),
      'data_batch_2.bin': batch(cycle(3, 2), 0).subarray(0, 2 * CIFAR_RECORD_BYTES + 10),
    })
    const plan = await planCifarFolder(folder)
    expect(plan.items.count).toBe(20)
    expect(plan.classNames).toEqual(['0', '1'])
    expect(plan.splitOrigin).toBe('seeded')
    expect(plan.problems).toHaveLength(1)
    expect(plan.problems[0].path).toBe('data_batch_2.bin')
    const length = 2 * CIFAR_RECORD_BYTES + 10
    expect(plan.problems[0].reason).toMatch(new RegExp(`${length} bytes.*${CIFAR_RECORD_BYTES}`))
  })

  test('meta naming too few classes falls back to numbers with a problem', async () => {
    const folder = await folderOf('short-meta', {
      'data_batch_1.bin': batch(cycle(9, 3), 0),
      'batches.meta.txt': 'cat\ndog\n',
    })
    const plan = await planCifarFolder(folder)
    expect(plan.classNames).toEqual(['0', '1', '2'])
    expect(plan.problems.map((problem) => problem.path)).toEqual(['batches.meta.txt'])
  })

  test('refuses a folder with no usable training batch, saying why', async () => {
    const folder = await folderOf('all-bad', { 'data_batch_1.bin': new Uint8Array(100) })
    await expect(planCifarFolder(folder)).rejects.toThrow(/no usable training batch.*100 bytes/)
    const empty = await folderOf('empty', {})
    expect(await isCifarFolder(empty)).toBe(false)
    expect(await isCifarFolder(join(root, 'missing'))).toBe(false)
    await expect(planCifarFolder(join(root, 'missing'))).rejects.toThrow(/cannot read the folder/)
  })
})

describe('importing a CIFAR-10 folder', () => {
  test('pixels as in the batches, test_batch as the test split, validation carved from training', async () => {
    const folder = await folderOf('import', {
      'data_batch_1.bin': batch(cycle(40, 2), 0),
      'test_batch.bin': batch(cycle(10, 2), 200),
    })
    const { dataset, header } = await importDataset(
      { source: folder, settings: { split: { validation: 0.2, test: 0.2, seed: 3 } }, datasetId: 'cifar' },
      { projectDir: join(root, 'project'), write: false },
    )
    expect(header.preprocessing).toEqual({ size: 32, colorMode: 'rgb', resizeMode: 'squash' })
    expect(dataset.imageShape).toEqual({ height: 32, width: 32, channels: 3 })
    const imageBytes = 32 * 32 * 3
    expect(Array.from({ length: 50 }, (_, i) => dataset.images[i * imageBytes + 17])).toEqual([
      ...Array.from({ length: 40 }, (_, i) => i), ...Array.from({ length: 10 }, (_, i) => 200 + i),
    ])
    expect(Array.from(dataset.splits.test)).toEqual(Array.from({ length: 10 }, (_, i) => 40 + i))
    // Validation is carved from each class's 20 training images: round(20 × 0.2) = 4; no test is carved.
    expect(classCounts(dataset, dataset.splits.validation)).toEqual([4, 4])
    expect(Math.max(...dataset.splits.validation)).toBeLessThan(40)
  })
})

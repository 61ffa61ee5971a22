// Layouts and defaults: train/ val/ test/ folders are respected (missing parts carved from train only), and
// settings a person leaves out come from the data (a folder of 28×28 grey PNGs imports at 28, grayscale).

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { classCounts } from '../../../../app/data/imageDataset'
import { importDataset } from '../../../../main/services/import/importDataset'
import type { ImportRequest } from '../../../../main/services/import/importDataset'
import { resolvePreprocessing, sampleEvenly } from '../../../../main/services/import/importDefaults'
import { planSource } from '../../../../main/services/import/planSource'
import { colourNoisePng, greyNoisePng, writeTree } from '../imageFixtures'
import { manifestEntryList } from '../../../../app/formats/manifestEntries'

let root: string
let seed = 0

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'import-layouts-'))
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

/** `make(index, seed)`: index counts the files of the folder, seed is unique across the test file. */
async function folderOf(
  name: string,
  counts: Record<string, number>,
  make = (_index: number, seed: number) => greyNoisePng(8, seed),
) {
  const files: Record<string, Uint8Array> = {}
  let index = 0
  for (const [folder, count] of Object.entries(counts)) {
    for (let i = 0; i < count; i++) {
      files[`${folder}/${i}.png`] = await make(index++, seed++)
    }
  }
  await writeTree(join(root, name), files)
  return join(root, name)
}

async function analyse(source: string, settings: ImportRequest['settings'] = {}) {
  const projectDir = join(root, 'project')
  return importDataset({ source, settings, datasetId: 'layout' }, { projectDir, write: false })
}

describe('train/ val/ test/ folders', () => {
  test('each file stays in its folder\'s split, whatever the split settings say', async () => {
    const source = await folderOf('all-three', {
      'train/a': 10, 'train/b': 10, 'train/c': 3, 'val/a': 2, 'val/b': 2, 'test/a': 3, 'test/b': 1,
    })
    const { dataset, manifest, header } = await analyse(source, { split: { validation: 0.5, test: 0.3 } })
    expect(header.splitOrigin).toBe('folders')
    expect(dataset.classNames).toEqual(['a', 'b', 'c'])
    const expectedSplit = (path: string) => (path.startsWith('val/') ? 1 : path.startsWith('test/') ? 2 : 0)
    expect(manifestEntryList(manifest.entries).map((entry) => [entry.path, entry.split]))
      .toEqual(manifestEntryList(manifest.entries).map((entry) => [entry.path, expectedSplit(entry.path)]))
    expect(classCounts(dataset, dataset.splits.validation)).toEqual([2, 2, 0])
    expect(classCounts(dataset, dataset.splits.test)).toEqual([3, 1, 0])
  })

  test('without val/, validation is carved from train/ only; test/ stays as it is', async () => {
    const source = await folderOf('no-val', { 'train/a': 16, 'train/b': 16, 'test/a': 2, 'test/b': 2 })
    const { dataset, manifest } = await analyse(source, { split: { validation: 0.25, test: 0.25 } })
    // Carved from each class's 16 train/ images: round(16 × 0.25) = 4 validation images; no test carved.
    expect(classCounts(dataset, dataset.splits.validation)).toEqual([4, 4])
    expect(classCounts(dataset, dataset.splits.test)).toEqual([2, 2])
    expect(manifestEntryList(manifest.entries).filter((entry) => entry.split === 1).every((entry) => entry.path.startsWith('train/')))
      .toBe(true)
    expect(manifestEntryList(manifest.entries).filter((entry) => entry.split === 2).map((entry) => entry.path))
      .toEqual(['test/a/0.png', 'test/a/1.png', 'test/b/0.png', 'test/b/1.png'])
  })
})

describe('defaults from the data', () => {
  test('a folder of 28×28 grey PNGs imports at 28, grayscale, squash, with the default split', async () => {
    const source = await folderOf('mnist-like', { zero: 5, one: 5 }, (_, seed) => greyNoisePng(28, seed))
    const { header } = await analyse(source)
    expect(header.preprocessing).toEqual({ size: 28, colorMode: 'grayscale', resizeMode: 'squash' })
    expect(header.split).toEqual({ validation: 0.1, test: 0.1, seed: 1 })
  })

  test('colour images give rgb; the size is the median short side, clamped to 8..64', async () => {
    const colour = await folderOf('colour', { a: 3, b: 2 }, (index, seed) => colourNoisePng(50, 40 + index, seed))
    expect((await analyse(colour)).header.preprocessing)
      .toEqual({ size: 42, colorMode: 'rgb', resizeMode: 'squash' })
    const large = await folderOf('large', { a: 2, b: 2 }, (_, seed) => colourNoisePng(90, 70, seed))
    expect((await analyse(large)).header.preprocessing?.size).toBe(64)
    const small = await folderOf('small', { a: 2, b: 2 }, (_, seed) => greyNoisePng(5, seed))
    expect((await analyse(small)).header.preprocessing?.size).toBe(8)
  })

  test('what the person chose wins; only the missing settings come from the data', async () => {
    const source = await folderOf('chosen', { a: 2, b: 2 }, (_, seed) => greyNoisePng(20, seed))
    const plan = await planSource(source)
    expect(await resolvePreprocessing(plan, { size: 12 }))
      .toEqual({ size: 12, colorMode: 'grayscale', resizeMode: 'squash' })
    expect(await resolvePreprocessing(plan, { colorMode: 'rgb', resizeMode: 'letterbox' }))
      .toEqual({ size: 20, colorMode: 'rgb', resizeMode: 'letterbox' })
  })

  test('sampling spreads over the whole list', () => {
    expect(sampleEvenly(3, 5)).toEqual([0, 1, 2])
    expect(sampleEvenly(10, 4)).toEqual([0, 2, 5, 7])
    expect(sampleEvenly(0, 4)).toEqual([])
  })
})

import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { generateSampleShapes } from '../../../app/data/sampleShapes'
import { DatasetStore, datasetIdForFolder } from '../../../main/services/datasetStore'
import { importDataset } from '../../../main/services/import/importDataset'
import { colourNoisePng } from './imageFixtures'

// rename is wrapped so one test can make it fail the way a full or vanishing disk would.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>()
  return { ...actual, rename: vi.fn(actual.rename) }
})

const dataset = generateSampleShapes({ perClass: 4, size: 8 })
const other = generateSampleShapes({ perClass: 3, size: 8, seed: 99 })
let projectDir: string

beforeEach(async () => {
  projectDir = await mkdtemp(join(tmpdir(), 'cnn-studio-store-'))
})

afterEach(async () => {
  vi.mocked(rename).mockClear()
  await rm(projectDir, { recursive: true, force: true })
})

describe('DatasetStore', () => {
  test('keeps each dataset at datasets/<id>/dataset.cnnds, its manifest beside it', () => {
    const store = new DatasetStore(projectDir)
    expect(store.datasetPath('shapes-12ab')).toBe(join(projectDir, 'datasets', 'shapes-12ab', 'dataset.cnnds'))
    expect(store.manifestPath('shapes-12ab')).toBe(join(projectDir, 'datasets', 'shapes-12ab', 'manifest.json'))
    expect(() => store.datasetPath('../../etc')).toThrow(/dataset id/)
    expect(() => store.manifestPath('a/b')).toThrow(/dataset id/)
  })

  test('readManifest gives the manifest of the same import only', async () => {
    const store = new DatasetStore(projectDir)
    const source = join(projectDir, 'images')
    for (const [name, seed] of [['a/1.png', 1], ['a/2.png', 2], ['b/1.png', 3], ['b/2.png', 4]] as const) {
      await mkdir(join(source, name, '..'), { recursive: true })
      await writeFile(join(source, name), await colourNoisePng(6, 6, seed))
    }
    const first = await importDataset({ source, settings: {}, datasetId: 'pics' }, { projectDir, write: true })
    const { header } = await store.loadWithHeader('pics')
    expect(await store.readManifest('pics', header)).toEqual(first.manifest)
    // A newer cache (another import) makes the old manifest stale.
    const stale = await readFile(store.manifestPath('pics'), 'utf8')
    await importDataset({ source, settings: {}, datasetId: 'pics' }, { projectDir, write: true })
    await writeFile(store.manifestPath('pics'), stale)
    expect(await store.readManifest('pics', (await store.loadWithHeader('pics')).header)).toBeNull()
    // A dataset saved whole has no manifest.
    await store.save('shapes', dataset, 'built-in sample')
    expect(await store.readManifest('shapes', (await store.loadWithHeader('shapes')).header)).toBeNull()
  })

  test('save then load gives the same dataset back, and leaves only the cache file', async () => {
    const store = new DatasetStore(projectDir)
    await store.save('shapes', dataset, 'built-in sample')
    expect(await store.load('shapes')).toEqual({ ...dataset, classNames: [...dataset.classNames] })
    expect(await readdir(join(projectDir, 'datasets', 'shapes'))).toEqual(['dataset.cnnds'])
    await store.save('shapes', other, 'built-in sample')
    expect((await store.load('shapes')).count).toBe(other.count)
  })

  test('a save that fails at the rename keeps the old cache and leaves no temporary file', async () => {
    const store = new DatasetStore(projectDir)
    await store.save('shapes', dataset, 'first')
    const diskFull = Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })
    vi.mocked(rename).mockRejectedValueOnce(diskFull)
    const saving = store.save('shapes', other, 'second')
    await expect(saving).rejects.toThrow(/Saving dataset 'shapes' to .* failed: ENOSPC/)
    expect(await readdir(join(projectDir, 'datasets', 'shapes'))).toEqual(['dataset.cnnds'])
    expect((await store.load('shapes')).count).toBe(dataset.count)
  })

  test('a save that cannot replace the target leaves no partial file', async () => {
    const store = new DatasetStore(projectDir)
    // A non-empty folder where the cache file should go: the real rename fails.
    await mkdir(join(store.datasetPath('blocked'), 'inside'), { recursive: true })
    await expect(store.save('blocked', dataset, 'x')).rejects.toThrow(/Saving dataset 'blocked'/)
    expect(await readdir(join(projectDir, 'datasets', 'blocked'))).toEqual(['dataset.cnnds'])
  })

  test('an invalid dataset is refused before anything is written', async () => {
    const store = new DatasetStore(projectDir)
    await expect(store.save('bad', { ...dataset, count: dataset.count + 1 }, 'x')).rejects.toThrow(/images has/)
    await expect(readdir(join(projectDir, 'datasets'))).rejects.toThrow(/ENOENT/)
  })

  test('loading a missing or damaged cache says which dataset, where, and what is wrong', async () => {
    const store = new DatasetStore(projectDir)
    await expect(store.load('ghost')).rejects.toThrow(/No dataset 'ghost' in this project \(looked for .*ghost/)
    await mkdir(join(projectDir, 'datasets', 'broken'), { recursive: true })
    await writeFile(store.datasetPath('broken'), 'CNNSDSET')
    await expect(store.load('broken')).rejects.toThrow(/Loading dataset 'broken' from .*: dataset cache is truncat/)
  })
})

describe('datasetIdForFolder', () => {
  test('is a readable slug plus a hash of the absolute path, stable and filesystem-safe', () => {
    const id = datasetIdForFolder('/home/me/Pictures/Écureuils & Co')
    expect(id).toMatch(/^ecureuils-co-[0-9a-f]{8}$/)
    expect(datasetIdForFolder('/home/me/Pictures/Écureuils & Co/')).toBe(id)
    expect(datasetIdForFolder('/home/you/Pictures/Écureuils & Co')).not.toBe(id)
    expect(datasetIdForFolder('/data/%%%')).toMatch(/^dataset-[0-9a-f]{8}$/)
    expect(datasetIdForFolder(`/data/${'long name '.repeat(20)}`)).toMatch(/^long-name-[a-z-]*[a-z]-[0-9a-f]{8}$/)
    expect(() => new DatasetStore(projectDir).datasetPath(datasetIdForFolder('/x/Ça va?'))).not.toThrow()
  })
})

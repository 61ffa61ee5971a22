import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { generateSampleShapes, SAMPLE_SHAPES_CLASSES } from '../../app/data/sampleShapes'
import { encodeDatasetCache } from '../../app/formats/datasetCache'
import { loadDataset } from '../../worker/dataLoader'

let projectDir: string
const cached = generateSampleShapes({ perClass: 5, size: 8, seed: 3 })
/** Deliberately not what computeNormalization gives, so a test can tell which one was used. */
const imported = { mean: [0.125, 0.25, 0.5], std: [0.5, 0.25, 1] }

beforeAll(async () => {
  projectDir = await mkdtemp(join(tmpdir(), 'cnn-studio-loader-'))
  await mkdir(join(projectDir, 'datasets', 'my-shapes-1'), { recursive: true })
  await writeFile(join(projectDir, 'datasets', 'my-shapes-1', 'dataset.cnnds'), encodeDatasetCache(cached, 'test'))
  await mkdir(join(projectDir, 'datasets', 'imported-1'), { recursive: true })
  const bytes = encodeDatasetCache(cached, 'test', { kind: 'imageFolder', normalization: imported })
  await writeFile(join(projectDir, 'datasets', 'imported-1', 'dataset.cnnds'), bytes)
  // Something the id validation must keep out of reach.
  await writeFile(join(projectDir, 'secret.cnnds'), encodeDatasetCache(cached, 'outside datasets/'))
})

afterAll(async () => {
  await rm(projectDir, { recursive: true, force: true })
})

describe('loadDataset', () => {
  test('generates the built-in sample without a project', async () => {
    const { dataset, normalization } = await loadDataset({ kind: 'sample', name: 'shapes' }, null)
    expect(dataset.classNames).toEqual([...SAMPLE_SHAPES_CLASSES])
    expect(dataset.imageShape).toEqual({ height: 32, width: 32, channels: 3 })
    expect(normalization).toBeNull()
  })

  test('reads a dataset cache from the project; a cache without normalisation gives none', async () => {
    const { dataset, normalization } = await loadDataset({ kind: 'cache', id: 'my-shapes-1' }, projectDir)
    expect(dataset).toEqual({ ...cached, classNames: [...cached.classNames] })
    expect(normalization).toBeNull()
  })

  test("passes on the normalisation recorded in the cache's header", async () => {
    const { dataset, normalization } = await loadDataset({ kind: 'cache', id: 'imported-1' }, projectDir)
    expect(dataset).toEqual({ ...cached, classNames: [...cached.classNames] })
    expect(normalization).toEqual(imported)
  })

  test('refuses ids that could leave the datasets folder', async () => {
    for (const id of ['../secret', '..', 'my-shapes-1/../../secret', 'My-Shapes-1', '']) {
      await expect(loadDataset({ kind: 'cache', id }, projectDir), id).rejects.toThrow(/expected a dataset id/)
    }
  })

  test('explains a missing project, a missing cache and a damaged one', async () => {
    await expect(loadDataset({ kind: 'cache', id: 'my-shapes-1' }, null)).rejects.toThrow(/without --project/)
    await expect(loadDataset({ kind: 'cache', id: 'gone' }, projectDir)).rejects.toThrow(
      /dataset 'gone' is not in the project \(looked for .*gone.dataset\.cnnds\)/,
    )
    await mkdir(join(projectDir, 'datasets', 'damaged'), { recursive: true })
    await writeFile(join(projectDir, 'datasets', 'damaged', 'dataset.cnnds'), 'GIF89a and so on')
    await expect(loadDataset({ kind: 'cache', id: 'damaged' }, projectDir)).rejects.toThrow(/wrong magic/)
  })
})

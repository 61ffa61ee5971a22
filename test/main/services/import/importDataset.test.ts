// importDataset end to end on a folder of class subfolders written here: class order, nested folders, names
// with spaces and accents, what lands on disk (exactly the cache and the manifest, which read back to the same
// dataset), the header's settings and normalisation, the doctor's findings, progress reports, and write: false.

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { computeNormalization } from '../../../../app/data/imageDataset'
import { DatasetStore } from '../../../../main/services/datasetStore'
import { importDataset } from '../../../../main/services/import/importDataset'
import type { ImportProgress } from '../../../../app/protocol/studioApi'
import { colourNoisePng, solidImage, writeTree } from '../imageFixtures'
import { manifestEntryList } from '../../../../app/formats/manifestEntries'

let root: string
let source: string

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'import-dataset-'))
  source = join(root, 'Mes photos')
  const files: Record<string, Uint8Array> = {}
  for (let i = 0; i < 6; i++) {
    files[`class10/photo ${i}.png`] = await colourNoisePng(24, 16, 100 + i)
    files[`class2/sub folder/deeper/img ${i}.png`] = await colourNoisePng(16, 16, 200 + i)
    files[`écureuil roux/écureuil ${i}.png`] = await colourNoisePng(20, 30, 300 + i)
  }
  files['class2/copy of img 0.png'] = files['class2/sub folder/deeper/img 0.png']
  files['class10/tiny.jpg'] = await solidImage(4, 4, [10, 200, 10], 'jpeg')
  await writeTree(source, files)
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

async function freshProject(): Promise<string> {
  return mkdtemp(join(root, 'project-'))
}

describe('importDataset on a class-folder tree', () => {
  test('classes in code-point order, nested folders in their class, every image in cache and manifest', async () => {
    const projectDir = await freshProject()
    const outcome = await importDataset(
      { source, settings: { preprocessing: { size: 12 } }, datasetId: 'photos' },
      { projectDir, write: true },
    )
    const { dataset, header, manifest } = outcome
    expect(outcome.kind).toBe('imageFolder')
    expect(dataset.classNames).toEqual(['class10', 'class2', 'écureuil roux'])
    expect(dataset.count).toBe(20)
    expect(header).toEqual({
      name: 'Mes photos',
      classNames: dataset.classNames,
      imageShape: { height: 12, width: 12, channels: 3 },
      count: 20,
      splits: {
        train: dataset.splits.train.length,
        validation: dataset.splits.validation.length,
        test: dataset.splits.test.length,
      },
      source,
      kind: 'imageFolder',
      importId: manifest.importId,
      preprocessing: { size: 12, colorMode: 'rgb', resizeMode: 'squash' },
      split: { validation: 0.1, test: 0.1, seed: 1 },
      splitOrigin: 'seeded',
      normalization: computeNormalization(dataset, dataset.splits.train),
    })
    expect(manifest.importId).toMatch(/^[0-9a-f]{16}$/)
    // Entries are in cache order and agree with the dataset: label by folder, split by index lists.
    const { validation, test: testSplit } = dataset.splits
    const splitOf = (index: number) => (validation.includes(index) ? 1 : testSplit.includes(index) ? 2 : 0)
    manifestEntryList(manifest.entries).forEach((entry, index) => {
      expect(entry.index).toBe(index)
      expect(dataset.classNames[entry.label]).toBe(entry.path.split('/')[0])
      expect(dataset.labels[index]).toBe(entry.label)
      expect(entry.split).toBe(splitOf(index))
    })
    expect(manifestEntryList(manifest.entries).map((entry) => entry.path).filter((path) => path.startsWith('class2/'))).toEqual([
      'class2/copy of img 0.png',
      ...Array.from({ length: 6 }, (_, i) => `class2/sub folder/deeper/img ${i}.png`),
    ])
    const ecureuil = manifestEntryList(manifest.entries).find((entry) => entry.path === 'écureuil roux/écureuil 3.png')
    expect(ecureuil).toMatchObject({ width: 20, height: 30, byteLength: expect.any(Number) })
    expect(outcome.stats).toMatchObject({ decoded: 20, reused: 0, skipped: 0 })
    expect(manifest.problems).toEqual([])
  })

  test('exactly the cache and the manifest land on disk, and they read back to the same dataset', async () => {
    const projectDir = await freshProject()
    const outcome = await importDataset({ source, settings: {}, datasetId: 'photos' }, { projectDir, write: true })
    const store = new DatasetStore(projectDir)
    expect((await readdir(join(projectDir, 'datasets', 'photos'))).sort())
      .toEqual(['dataset.cnnds', 'manifest.json'])
    const loaded = await store.loadWithHeader('photos')
    expect(loaded.header).toEqual(outcome.header)
    expect(Array.from(loaded.dataset.images)).toEqual(Array.from(outcome.dataset.images))
    expect(loaded.dataset.splits).toEqual(outcome.dataset.splits)
    expect(await store.readManifest('photos', loaded.header)).toEqual(outcome.manifest)
  })

  test('the doctor finds the byte-identical copy and the tiny image; source sizes are counted', async () => {
    const outcome = await importDataset(
      { source, settings: { preprocessing: { size: 16 } }, datasetId: 'photos' },
      { projectDir: await freshProject(), write: false },
    )
    const duplicates = outcome.findings.find((finding) => finding.kind === 'exact-duplicates')
    expect(duplicates?.paths).toEqual(['class2/copy of img 0.png', 'class2/sub folder/deeper/img 0.png'])
    const small = outcome.findings.find((finding) => finding.kind === 'small-images')
    expect(small?.paths).toEqual(['class10/tiny.jpg'])
    expect(outcome.sourceSizes).toEqual({
      count: 20,
      width: { min: 4, median: 20, max: 24 },
      height: { min: 4, median: 16, max: 30 },
      common: [
        { width: 16, height: 16, count: 7 },
        { width: 20, height: 30, count: 6 },
        { width: 24, height: 16, count: 6 },
        { width: 4, height: 4, count: 1 },
      ],
    })
  })

  test('write: false analyses without touching the disk', async () => {
    const projectDir = await freshProject()
    const request = { source, settings: {}, datasetId: 'photos' }
    const outcome = await importDataset(request, { projectDir, write: false })
    expect(outcome.dataset.count).toBe(20)
    expect(await readdir(projectDir)).toEqual([])
  })

  test('progress: scanning, decoding, writing in order, throttled, ending with everything done', async () => {
    const reports: (Omit<ImportProgress, 'importId'> & { at: number })[] = []
    await importDataset(
      { source, settings: {}, datasetId: 'photos' },
      {
        projectDir: await freshProject(),
        write: true,
        onProgress: (report) => reports.push({ ...report, at: performance.now() }),
      },
    )
    const phases = [...new Set(reports.map((report) => report.phase))]
    expect(phases).toEqual(['scanning', 'decoding', 'writing'])
    const last = reports[reports.length - 1]
    expect(last).toMatchObject({ phase: 'writing', done: 20, total: 20, etaSeconds: 0 })
    const decoding = reports.filter((report) => report.phase === 'decoding')
    expect(decoding[0]).toMatchObject({ done: 0, total: 20, etaSeconds: null })
    expect(decoding.every((report, i) => i === 0 || report.done >= decoding[i - 1].done)).toBe(true)
    // Within a phase, reports after its first are at least 100 ms apart (the final one excepted).
    for (let i = 1; i < reports.length - 1; i++) {
      if (reports[i].phase === reports[i - 1].phase) {
        expect(reports[i].at - reports[i - 1].at).toBeGreaterThanOrEqual(99)
      }
    }
  })

  test('the manifest on disk is columnar JSON that names every file', async () => {
    const projectDir = await freshProject()
    await importDataset({ source, settings: {}, datasetId: 'photos' }, { projectDir, write: true })
    const text = await readFile(join(projectDir, 'datasets', 'photos', 'manifest.json'), 'utf8')
    expect(text).toContain('écureuil roux/écureuil 5.png')
  })
})

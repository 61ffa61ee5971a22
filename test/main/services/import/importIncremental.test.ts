// Re-importing a folder after changes decodes only new or changed files and takes the others' pixels from the
// previous cache; a changed split setting alone decodes nothing; a changed preprocessing decodes everything.
// Reused pixels must equal a fresh decode, and files that did not change keep their split.

import { createHash } from 'node:crypto'
import { mkdtemp, rm, unlink, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { splitKeyHash } from '../../../../app/data/stableSplit'
import type { DatasetManifest } from '../../../../app/formats/datasetManifest'
import { importDataset } from '../../../../main/services/import/importDataset'
import type { ImportOutcome, ImportRequest } from '../../../../main/services/import/importDataset'
import { copyReusedImages } from '../../../../main/services/import/previousImport'
import { colourNoisePng, writeTree } from '../imageFixtures'
import { manifestEntryList } from '../../../../app/formats/manifestEntries'

const SPLIT = { validation: 0.2, test: 0.2, seed: 5 }
let root: string
let source: string
let projectDir: string

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'import-incremental-'))
  source = join(root, 'photos')
  projectDir = join(root, 'project')
  const files: Record<string, Uint8Array> = {}
  for (let i = 0; i < 10; i++) {
    files[`a/${i}.png`] = await colourNoisePng(12, 10, i)
    files[`b/${i}.png`] = await colourNoisePng(12, 10, 100 + i)
  }
  await writeTree(source, files)
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

const DEFAULT_SETTINGS: ImportRequest['settings'] = { preprocessing: { size: 8 }, split: SPLIT }

function request(settings = DEFAULT_SETTINGS): ImportRequest {
  return { source, settings, datasetId: 'photos' }
}

const splitsByPath = (manifest: DatasetManifest) =>
  new Map(manifestEntryList(manifest.entries).map((entry) => [entry.path, entry.split]))

/** Noise PNG bytes whose split key ranks after every validation and test member of the class (so it trains). */
async function pngRankedLast(manifest: DatasetManifest, label: number, firstSeed: number): Promise<Buffer> {
  const held = manifestEntryList(manifest.entries).filter((entry) => entry.label === label && entry.split !== 0)
  const highest = Math.max(...held.map((entry) => splitKeyHash(entry.contentHash, SPLIT.seed)))
  for (let seed = firstSeed; ; seed++) {
    const bytes = await colourNoisePng(12, 10, seed)
    if (splitKeyHash(createHash('sha256').update(bytes).digest('hex'), SPLIT.seed) > highest) {
      return bytes
    }
  }
}

function pixelsByPath(outcome: ImportOutcome): Map<string, number[]> {
  const size = outcome.dataset.images.length / outcome.dataset.count
  return new Map(manifestEntryList(outcome.manifest.entries).map((entry) =>
    [entry.path, Array.from(outcome.dataset.images.subarray(entry.index * size, (entry.index + 1) * size))]))
}

describe('incremental re-import', () => {
  test('modify one, add one, delete one: 2 decoded, the rest reused with the same pixels and splits', async () => {
    const first = await importDataset(request(), { projectDir, write: true })
    expect(first.stats).toMatchObject({ decoded: 20, reused: 0 })
    const trainA = manifestEntryList(first.manifest.entries)
      .filter((entry) => entry.label === 0 && entry.split === 0)
      .map((entry) => entry.path)
    const [modified, deleted] = trainA
    await writeFile(join(source, modified), await pngRankedLast(first.manifest, 0, 1000))
    const later = new Date(Date.now() + 60_000)
    await utimes(join(source, modified), later, later) // a new mtime even on file systems with coarse times
    await unlink(join(source, deleted))
    await writeFile(join(source, 'b', 'added.png'), await pngRankedLast(first.manifest, 1, 2000))

    const second = await importDataset(request(), { projectDir, write: true })
    expect(second.stats).toMatchObject({ decoded: 2, reused: 18, skipped: 0 })
    expect(second.dataset.count).toBe(20)
    const before = splitsByPath(first.manifest)
    const after = splitsByPath(second.manifest)
    const unchanged = [...before.keys()].filter((path) => path !== modified && path !== deleted)
    expect(unchanged).toHaveLength(18)
    expect(unchanged.map((path) => [path, after.get(path)]))
      .toEqual(unchanged.map((path) => [path, before.get(path)]))
    expect(after.has(deleted)).toBe(false)

    // Reused images are exactly what a fresh decode of the same files gives.
    const fresh = await importDataset(request(), { projectDir: join(root, 'fresh'), write: false })
    expect(fresh.stats.reused).toBe(0)
    expect(pixelsByPath(second)).toEqual(pixelsByPath(fresh))
    expect(manifestEntryList(second.manifest.entries)).toEqual(manifestEntryList(fresh.manifest.entries))
  })

  test('a changed split decodes nothing; a changed preprocessing decodes everything', async () => {
    await importDataset(request(), { projectDir, write: true })
    const resplit = await importDataset(
      request({ preprocessing: { size: 8 }, split: { ...SPLIT, validation: 0.3 } }),
      { projectDir, write: true },
    )
    expect(resplit.stats).toMatchObject({ decoded: 0, reused: 20 })
    expect(resplit.dataset.splits.validation.length).toBe(6)
    const resizedRequest = request({ preprocessing: { size: 6 }, split: SPLIT })
    const resized = await importDataset(resizedRequest, { projectDir, write: true })
    expect(resized.stats).toMatchObject({ decoded: 20, reused: 0 })
  })
})

describe('copyReusedImages', () => {
  test('copies each slot from its old index, in runs, leaving other slots alone', async () => {
    const imageBytes = 3
    const old = Uint8Array.from({ length: 6 * imageBytes }, (_, i) => 10 + i)
    const cachePath = join(root, 'old.bin')
    const offset = 5
    await writeFile(cachePath, Buffer.concat([Buffer.alloc(offset, 0xee), old]))
    const reuseFrom = Int32Array.from([3, 4, -1, 0, 1, 2, 5])
    const images = new Uint8Array(reuseFrom.length * imageBytes).fill(7)
    await copyReusedImages({ cachePath, imagesOffset: offset, imageBytes }, reuseFrom, images)
    const expected = Array.from(reuseFrom, (from) =>
      (from < 0 ? [7, 7, 7] : Array.from(old.subarray(from * imageBytes, (from + 1) * imageBytes)))).flat()
    expect(Array.from(images)).toEqual(expected)
  })
})

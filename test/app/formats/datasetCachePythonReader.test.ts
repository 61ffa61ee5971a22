// Runs the Python snippets printed in docs/dataset-cache.md, verbatim, on a cache and manifest these codecs
// wrote, so the documentation cannot drift from the formats. Skipped where python3 with numpy is not installed.

import { existsSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, test } from 'vitest'
import { computeNormalization } from '../../../app/data/imageDataset'
import { generateSampleShapes } from '../../../app/data/sampleShapes'
import { encodeDatasetCache } from '../../../app/formats/datasetCache'
import { encodeDatasetManifest } from '../../../app/formats/datasetManifestText'
import type { DatasetManifest } from '../../../app/formats/datasetManifest'
import { manifestEntriesFrom, manifestEntryList } from '../../../app/formats/manifestEntries'

const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'
const hasNumpy = spawnSync(python, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0

const REPORT = `
print(json.dumps({'norm': norm, 'labels': labels.tolist(), 'splits': splits.tolist(),
                  'pixels': images.reshape(-1).tolist(), 'input0': network_input.reshape(-1).tolist(),
                  'rows': rows if manifest is not None else None}))
`

const dataset = generateSampleShapes({ perClass: 4, size: 8, seed: 9 })
const importId = '0badc0de0badc0de'
const manifest: DatasetManifest = {
  version: 1,
  importId,
  kind: 'imageFolder',
  source: '/data/shapes',
  name: 'shapes',
  classNames: dataset.classNames,
  preprocessing: { size: 8, colorMode: 'rgb', resizeMode: 'squash' },
  split: { validation: 0.1, test: 0.1, seed: 1 },
  splitOrigin: 'seeded',
  entries: manifestEntriesFrom(Array.from({ length: dataset.count }, (_, i) => ({
    path: `${dataset.classNames[dataset.labels[i]]}/${i}.png`,
    byteLength: 100 + i,
    mtimeMs: 1_700_000_000_000.5 + i,
    contentHash: i.toString(16).padStart(64, '0'),
    perceptualHash: i.toString(16).padStart(16, 'f'),
    width: 10,
    height: 12,
    label: dataset.labels[i],
    split: (dataset.splits.validation.includes(i) ? 1 : dataset.splits.test.includes(i) ? 2 : 0) as 0 | 1 | 2,
    index: i,
  }))),
  problems: [],
}

/** Writes the files where the doc's snippets look for them, runs the snippets, returns the report. */
async function runSnippets(cacheImportId: string | undefined, withNormalization: boolean) {
  const doc = await readFile(resolve(__dirname, '../../../docs/dataset-cache.md'), 'utf8')
  const snippets = [...doc.matchAll(/```python\n([\s\S]*?)```/g)].map((match) => match[1])
  expect(snippets.length).toBe(2)
  const folder = await mkdtemp(join(tmpdir(), 'cnn-studio-python-'))
  try {
    const datasetFolder = join(folder, 'datasets', 'animals-1a2b3c4d')
    await mkdir(datasetFolder, { recursive: true })
    const normalization = withNormalization ? { mean: [0.25, 0.5, 0.75], std: [0.5, 0.25, 0.125] } : undefined
    const cache = encodeDatasetCache(dataset, 'x', { importId: cacheImportId, normalization })
    await writeFile(join(datasetFolder, 'dataset.cnnds'), cache)
    await writeFile(join(datasetFolder, 'manifest.json'), encodeDatasetManifest(manifest))
    await writeFile(join(folder, 'read.py'), snippets.join('\n') + REPORT)
    const run = spawnSync(python, ['read.py'], { cwd: folder, encoding: 'utf8' })
    expect(run.stderr).toBe('')
    const lines = run.stdout.trim().split('\n')
    return { printed: lines[0], report: JSON.parse(lines[lines.length - 1]) }
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}

describe('the Python snippets in docs/dataset-cache.md', () => {
  test.skipIf(!hasNumpy)('read the images, labels, splits, normalisation and a paired manifest', async () => {
    const { printed, report } = await runSnippets(importId, true)
    expect(printed).toMatch(/^normalization: mean \[0.25, 0.5, 0.75\] std \[0.5, 0.25, 0.125\]$/)
    expect(report.norm).toEqual({ mean: [0.25, 0.5, 0.75], std: [0.5, 0.25, 0.125] })
    expect(report.labels).toEqual(Array.from(dataset.labels))
    expect(report.splits.filter((code: number) => code === 2).length).toBe(dataset.splits.test.length)
    expect(report.pixels).toEqual(Array.from(dataset.images))
    const [mean, std] = [[0.25, 0.5, 0.75], [0.5, 0.25, 0.125]]
    const first = Array.from(dataset.images.subarray(0, 8 * 8 * 3), (pixel, i) => (pixel / 255 - mean[i % 3]) / std[i % 3])
    report.input0.forEach((value: number, i: number) => expect(value).toBeCloseTo(first[i], 12))
    expect(report.rows).toEqual(manifestEntryList(manifest.entries))
  })

  test.skipIf(!hasNumpy)('compute the normalisation for an old cache and ignore an unpaired manifest', async () => {
    const { report } = await runSnippets(undefined, false)
    const expected = computeNormalization(dataset, dataset.splits.train)
    report.norm.mean.forEach((value: number, c: number) => expect(value).toBeCloseTo(expected.mean[c], 12))
    report.norm.std.forEach((value: number, c: number) => expect(value).toBeCloseTo(expected.std[c], 12))
    expect(report.rows).toBeNull()
  })
})

// Reading a CSV of path,label rows: header detection, quoted paths, code-point class order, items named relative
// to the CSV's folder with their line, per-line problems for bad rows; then a whole import with images made by
// sharp (pixel values per class, per-line problems for missing and broken files) and the refusals.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parseCsvLine, parsePathLabelCsv, planCsv } from '../../../main/services/csvImport'
import { importDataset } from '../../../main/services/import/importDataset'
import { planItemList } from '../../../main/services/import/planItems'
import { manifestEntryList } from '../../../app/formats/manifestEntries'

let root: string

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'csv-import-'))
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

/** A 12×9 PNG of one grey level, so the decoded pixels say which file they came from. */
async function greyPng(path: string, level: number): Promise<void> {
  const background = { r: level, g: level, b: level }
  await sharp({ create: { width: 12, height: 9, channels: 3, background } }).png().toFile(path)
}

describe('parseCsvLine', () => {
  test('keeps commas inside quotes and reads doubled quotes as one', () => {
    expect(parseCsvLine('"a, b.png",cat')).toEqual(['a, b.png', 'cat'])
    expect(parseCsvLine('"say ""hi"".png",x,')).toEqual(['say "hi".png', 'x', ''])
    expect(() => parseCsvLine('"open.png,cat')).toThrow(/not closed/)
  })

  test('skips a path,label header only on the first row', () => {
    const { rows, problems } = parsePathLabelCsv('\uFEFFfilename,Class\r\na.png,1\n\nb.png\n', 'x.csv')
    expect(rows).toEqual([{ line: 2, path: 'a.png', label: '1' }])
    expect(problems).toHaveLength(1)
    expect(problems[0].reason).toMatch(/^line 4: expected two non-empty fields/)
    expect(parsePathLabelCsv('a.png,cat\npath,label\n', 'x.csv').problems).toEqual([])
  })
})

describe('planCsv', () => {
  test('classes in code-point order, one item per row with its line, paths relative to the CSV', async () => {
    const folder = join(root, 'plan')
    await mkdir(folder, { recursive: true })
    const rows = ['file,class', './a.png,class10', 'sub/b.png,class2', '../up.png,class2', 'bad row']
    await writeFile(join(folder, 'list.csv'), `${rows.join('\n')}\n`)
    const plan = await planCsv(join(folder, 'list.csv'))
    expect({ kind: plan.kind, name: plan.name, classNames: plan.classNames, native: plan.native }).toEqual({
      kind: 'csv', name: 'list', classNames: ['class10', 'class2'], native: null,
    })
    const item = (path: string, absolutePath: string, label: number, line: number) =>
      ({ source: 'file', path, absolutePath, label, fixedSplit: -1, origin: `line ${line} of list.csv` })
    expect(planItemList(plan.items)).toEqual([
      item('a.png', join(folder, 'a.png'), 0, 2),
      item('sub/b.png', join(folder, 'sub', 'b.png'), 1, 3),
      item('../up.png', join(root, 'up.png'), 1, 4),
    ])
    expect(plan.problems).toEqual([
      { path: 'list.csv line 5', reason: 'line 5: expected two non-empty fields path,label, found ["bad row"]' },
    ])
    await expect(planCsv(join(folder, 'nope.csv'))).rejects.toThrow(/cannot read the CSV/)
  })
})

describe('importing a CSV', () => {
  test('imports the listed images, reporting missing and broken files by line', async () => {
    const folder = join(root, 'set')
    await mkdir(join(folder, 'img', 'sub dir'), { recursive: true })
    const levels: Record<string, number> = { class2: 40, class10: 200 }
    await greyPng(join(folder, 'img', 'a, comma.png'), levels.class10)
    await greyPng(join(folder, 'img', 'sub dir', 'b.png'), levels.class2)
    await greyPng(join(folder, 'img', 'c.png'), levels.class2)
    await greyPng(join(folder, 'img', 'é.png'), levels.class10)
    await writeFile(join(folder, 'img', 'fake.png'), 'not an image')
    await writeFile(join(folder, 'img', 'zero.png'), '')
    const csv = [
      'path,label',
      '"img/a, comma.png",class10',
      'img/sub dir/b.png,class2',
      'img/missing.png,class2',
      'img/c.png,class2',
      'img/fake.png,class10',
      'img/zero.png,class2',
      'img/é.png,class10',
    ].join('\n')
    await writeFile(join(folder, 'list.csv'), csv)
    const { dataset, manifest } = await importDataset(
      {
        source: join(folder, 'list.csv'),
        settings: { preprocessing: { size: 4, colorMode: 'grayscale' } },
        datasetId: 'csv',
      },
      { projectDir: join(root, 'project'), write: false },
    )
    expect(dataset.classNames).toEqual(['class10', 'class2'])
    expect(dataset.count).toBe(4)
    expect(dataset.imageShape).toEqual({ height: 4, width: 4, channels: 1 })
    // Rows kept in file order: a (class10), b, c (class2), é (class10).
    expect([...dataset.labels]).toEqual([0, 1, 1, 0])
    expect(manifestEntryList(manifest.entries).map((entry) => entry.path))
      .toEqual(['img/a, comma.png', 'img/sub dir/b.png', 'img/c.png', 'img/é.png'])
    for (let i = 0; i < dataset.count; i++) {
      const expected = levels[dataset.classNames[dataset.labels[i]]]
      const pixels = dataset.images.subarray(i * 16, (i + 1) * 16)
      expect(pixels.every((value) => Math.abs(value - expected) <= 1)).toBe(true)
    }
    const byPath = Object.fromEntries(manifest.problems.map((problem) => [problem.path, problem.reason]))
    expect(byPath).toEqual({
      'img/missing.png': 'line 4 of list.csv: file not found',
      'img/fake.png': expect.stringMatching(/^line 6 of list\.csv: not an image/),
      'img/zero.png': 'line 7 of list.csv: empty file (0 bytes)',
    })
  })

  test('refuses fewer than two usable classes with advice about the CSV', async () => {
    const folder = join(root, 'one-class')
    await mkdir(folder, { recursive: true })
    await greyPng(join(folder, 'x.png'), 10)
    await writeFile(join(folder, 'd.csv'), 'x.png,cat\nmissing.png,dog\n')
    const importing = importDataset({ source: join(folder, 'd.csv'), settings: {}, datasetId: 'csv' },
      { projectDir: join(root, 'project'), write: false })
    await expect(importing).rejects.toThrow(
      /at least two classes with images, found only 'cat'\. Each row should be 'path,label'/,
    )
  })
})

// Importing a CSV of path,label rows with images made by sharp in a temp folder: header detection, quoted
// paths, natural class order, pixel values per class, per-line problems for bad rows and files, and the refusals.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { importCsv, parseCsvLine, parsePathLabelCsv } from '../../../main/services/csvImport'

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

describe('importCsv', () => {
  test('imports the listed images in natural class order, reporting bad rows by line', async () => {
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
    const progress: number[] = []
    const { dataset, problems } = await importCsv(join(folder, 'list.csv'), {
      size: 4,
      channels: 1,
      seed: 3,
      fractions: { validation: 0, test: 0 },
      onProgress: (done) => progress.push(done),
    })
    expect(dataset.classNames).toEqual(['class2', 'class10'])
    expect(dataset.count).toBe(4)
    expect(dataset.imageShape).toEqual({ height: 4, width: 4, channels: 1 })
    // Rows kept in file order: a (class10), b, c (class2), é (class10).
    expect([...dataset.labels]).toEqual([1, 0, 0, 1])
    for (let i = 0; i < dataset.count; i++) {
      const expected = levels[dataset.classNames[dataset.labels[i]]]
      const pixels = dataset.images.subarray(i * 16, (i + 1) * 16)
      expect(pixels.every((value) => Math.abs(value - expected) <= 1)).toBe(true)
    }
    const byPath = Object.fromEntries(problems.map((problem) => [problem.path, problem.reason]))
    expect(Object.keys(byPath).sort()).toEqual(['img/fake.png', 'img/missing.png', 'img/zero.png'])
    expect(byPath['img/missing.png']).toMatch(/^line 4 of list\.csv: file not found/)
    expect(byPath['img/fake.png']).toMatch(/^line 6 of list\.csv: not an image/)
    expect(byPath['img/zero.png']).toMatch(/^line 7 of list\.csv: empty file/)
    expect(progress.at(-1)).toBe(7)
  })

  test('reads a CSV without a header, in RGB', async () => {
    const folder = join(root, 'plain')
    await mkdir(folder, { recursive: true })
    await greyPng(join(folder, 'x.png'), 10)
    await greyPng(join(folder, 'y.png'), 250)
    await writeFile(join(folder, 'd.csv'), 'x.png,dark\ny.png,light\n')
    const { dataset, problems } = await importCsv(join(folder, 'd.csv'), { size: 2, channels: 3, seed: 1 })
    expect(problems).toEqual([])
    expect(dataset.classNames).toEqual(['dark', 'light'])
    expect(dataset.images.length).toBe(2 * 2 * 2 * 3)
    expect(Math.abs(dataset.images[12] - 250)).toBeLessThanOrEqual(1)
  })

  test('refuses fewer than two usable classes with advice, and honours an aborted signal', async () => {
    const folder = join(root, 'one-class')
    await mkdir(folder, { recursive: true })
    await greyPng(join(folder, 'x.png'), 10)
    await writeFile(join(folder, 'd.csv'), 'x.png,cat\nmissing.png,dog\n')
    await expect(importCsv(join(folder, 'd.csv'), { size: 2, channels: 1, seed: 1 })).rejects.toThrow(
      /at least two classes, found only the class 'cat'.*path,label/,
    )
    const signal = AbortSignal.abort()
    await expect(importCsv(join(folder, 'd.csv'), { size: 2, channels: 1, seed: 1, signal })).rejects.toThrow()
    await expect(importCsv(join(folder, 'nope.csv'), { size: 2, channels: 1, seed: 1 })).rejects.toThrow(
      /cannot read the CSV/,
    )
  })
})

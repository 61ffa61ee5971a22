// Bad input (issue 4, item 8): each kind of broken file gets a clear per-file reason while the import goes on,
// nothing crashes, and afterwards the dataset folder holds exactly the cache and the manifest (or nothing, when
// the import is refused). Unreadable files are in importUnreadable.test.ts (they need a non-root process).

import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CIFAR_RECORD_BYTES } from '../../../../app/formats/cifar'
import { encodeIdx } from '../../../../app/formats/idx'
import { manifestEntryList } from '../../../../app/formats/manifestEntries'
import { importDataset } from '../../../../main/services/import/importDataset'
import { bombPng, colourNoisePng, truncatedJpeg, writeTree } from '../imageFixtures'

let root: string

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'import-bad-input-'))
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

async function importInto(source: string, datasetId = 'bad') {
  const projectDir = await mkdtemp(join(root, 'project-'))
  const request = { source, settings: { preprocessing: { size: 8 } }, datasetId }
  const outcome = await importDataset(request, { projectDir, write: true })
  const files = (await readdir(join(projectDir, 'datasets', datasetId))).sort()
  return { outcome, files, projectDir }
}

async function refusal(source: string): Promise<{ message: string; datasetsFolder: string[] }> {
  const projectDir = await mkdtemp(join(root, 'project-'))
  const error = await importDataset({ source, settings: {}, datasetId: 'bad' }, { projectDir, write: true })
    .then(() => null, (caught: Error) => caught)
  expect(error, 'the import should have been refused').toBeInstanceOf(Error)
  return { message: (error as Error).message, datasetsFolder: await readdir(projectDir) }
}

describe('broken image files are skipped with a reason each', () => {
  test('fake, truncated, empty, a decompression bomb, a link loop, odd names: the rest imports', async () => {
    const source = join(root, 'mixed')
    await writeTree(source, {
      'good/plain.png': await colourNoisePng(10, 10, 1),
      'good/espace et accent é.png': await colourNoisePng(12, 10, 2),
      'good/猫 1.png': await colourNoisePng(10, 14, 3),
      'good/not an image.png': 'this is text with a .png name',
      'good/cut short.jpg': await truncatedJpeg(),
      'good/zero.png': new Uint8Array(0),
      'other class/bomb 30000x30000.png': bombPng(30000),
      'other class/fine.png': await colourNoisePng(9, 11, 4),
      'other class/readme.txt': 'notes',
    })
    await symlink('loop.png', join(source, 'good', 'loop.png'))
    await symlink('..', join(source, 'other class', 'up'))
    const { outcome, files } = await importInto(source)
    expect(files).toEqual(['dataset.cnnds', 'manifest.json'])
    expect(outcome.dataset.classNames).toEqual(['good', 'other class'])
    expect(manifestEntryList(outcome.manifest.entries).map((entry) => entry.path).sort()).toEqual([
      'good/espace et accent é.png', 'good/plain.png', 'good/猫 1.png', 'other class/fine.png',
    ])
    const reasons = Object.fromEntries(outcome.manifest.problems.map((problem) => [problem.path, problem.reason]))
    expect(reasons).toEqual({
      'good/not an image.png':
        'not an image sharp can read (unsupported or damaged file, whatever its extension says)',
      'good/cut short.jpg': expect.stringMatching(/^the file is truncated or damaged \(/),
      'good/zero.png': 'empty file (0 bytes)',
      'good/loop.png': 'symbolic link loop (the link leads back to itself); skipped',
      'other class/bomb 30000x30000.png': expect.stringMatching(
        /^image is 30000×30000 \(900 megapixels\), more than the limit of 100 megapixels; skipped without/,
      ),
      'other class/readme.txt': 'not an image file type (.txt); skipped',
      'other class/up': 'folder already visited through a symbolic link; skipped',
    })
    expect(outcome.stats).toMatchObject({ decoded: 4, reused: 0, skipped: 7 })
    // The kept items' columns moved with their images past the skipped ones: each entry still describes its file.
    for (const entry of manifestEntryList(outcome.manifest.entries)) {
      const bytes = await readFile(join(source, entry.path))
      expect(entry.contentHash).toBe(createHash('sha256').update(bytes).digest('hex'))
      expect(entry.byteLength).toBe(bytes.length)
      const { width, height } = await sharp(bytes).metadata()
      expect([entry.width, entry.height]).toEqual([width, height])
      expect(outcome.dataset.labels[entry.index]).toBe(entry.label)
    }
  })

  test('a class whose every file is broken is left out, with a problem saying so', async () => {
    const source = join(root, 'one-bad-class')
    await writeTree(source, {
      'a/1.png': await colourNoisePng(6, 6, 1),
      'b/2.png': await colourNoisePng(6, 6, 2),
      'c/broken.png': 'nope',
    })
    const { outcome } = await importInto(source)
    expect(outcome.dataset.classNames).toEqual(['a', 'b'])
    expect(outcome.manifest.problems.map((problem) => problem.path)).toEqual(['c/broken.png', 'c'])
  })
})

describe('sources that cannot make a classifier are refused with advice, leaving nothing behind', () => {
  test('a single class folder', async () => {
    const source = join(root, 'single')
    await writeTree(source, {
      'cats/1.png': await colourNoisePng(6, 6, 1),
      'cats/2.png': await colourNoisePng(6, 6, 2),
    })
    const { message, datasetsFolder } = await refusal(source)
    expect(message).toBe(
      `Importing '${source}' needs at least two classes with images, found only 'cats'. Add a folder per class ` +
        "(for example 'cats' and 'dogs') and put each class's images in it.",
    )
    expect(datasetsFolder).toEqual([])
  })

  test('two classes of which only one has a readable image', async () => {
    const source = join(root, 'one-readable')
    await writeTree(source, { 'cats/1.png': await colourNoisePng(6, 6, 1), 'dogs/1.png': 'text' })
    expect((await refusal(source)).message).toMatch(/needs at least two classes with images, found only 'cats'/)
  })

  test('nothing importable, a missing source, a file that is not a CSV', async () => {
    const empty = join(root, 'empty')
    await mkdir(empty)
    expect((await refusal(empty)).message)
      .toMatch(/^Nothing to import from .*empty': no image could be read\. Expected a folder/)
    expect((await refusal(join(root, 'missing'))).message).toMatch(/it does not exist; expected a folder/)
    await writeFile(join(root, 'photo.png'), 'x')
    expect((await refusal(join(root, 'photo.png'))).message).toMatch(/it is a file; expected a folder/)
  })

  test('more than 256 classes', async () => {
    const source = join(root, 'many')
    const png = await colourNoisePng(4, 4, 1)
    await writeTree(source, Object.fromEntries(Array.from({ length: 257 }, (_, i) => [`c${i}/x.png`, png])))
    expect((await refusal(source)).message).toMatch(/found 257 classes, at most 256 are supported/)
  })
})

describe('container formats', () => {
  const idxImages = (count: number) => encodeIdx([count, 4, 4], new Uint8Array(count * 16).map((_, i) => i % 256))
  const idxLabels = (count: number) => encodeIdx([count], new Uint8Array(count).map((_, i) => i % 2))

  test('an IDX test file with a wrong magic is a problem; the test split is carved from training', async () => {
    const source = join(root, 'idx-bad-test')
    const wrong = idxImages(6)
    wrong.set([0x12, 0x34], 0)
    await writeTree(source, {
      'train-images-idx3-ubyte': idxImages(20),
      'train-labels-idx1-ubyte': idxLabels(20),
      't10k-images-idx3-ubyte': wrong,
      't10k-labels-idx1-ubyte': idxLabels(6),
    })
    const { outcome, files } = await importInto(source)
    expect(files).toEqual(['dataset.cnnds', 'manifest.json'])
    expect(outcome.dataset.count).toBe(20)
    expect(outcome.header.splitOrigin).toBe('seeded')
    expect(outcome.manifest.problems).toEqual([{
      path: 't10k-images-idx3-ubyte',
      reason: 't10k-images-idx3-ubyte: not an IDX file: it starts with 0x12 0x34, expected 0x00 0x00; ' +
        'the test split is carved from the training files instead',
    }])
  })

  test('a truncated IDX training file stops the import, naming the file', async () => {
    const source = join(root, 'idx-truncated')
    await writeTree(source, {
      'train-images-idx3-ubyte': idxImages(20).subarray(0, 100),
      'train-labels-idx1-ubyte': idxLabels(20),
    })
    expect((await refusal(source)).message).toBe(
      'train-images-idx3-ubyte: truncated data: the header says 20×4×4 = 320 bytes, the file holds 84',
    )
  })

  test('a CIFAR batch of the wrong length is a problem; the other batches import', async () => {
    const source = join(root, 'cifar')
    const batch = (count: number) => new Uint8Array(count * CIFAR_RECORD_BYTES).map((_, i) =>
      (i % CIFAR_RECORD_BYTES === 0 ? Math.floor(i / CIFAR_RECORD_BYTES) % 2 : i % 251))
    await writeTree(source, {
      'data_batch_1.bin': batch(10),
      'data_batch_2.bin': batch(3).subarray(0, 2 * CIFAR_RECORD_BYTES + 5),
    })
    const { outcome, files } = await importInto(source)
    expect(files).toEqual(['dataset.cnnds', 'manifest.json'])
    expect(outcome.dataset.count).toBe(10)
    expect(outcome.manifest.problems).toEqual([{
      path: 'data_batch_2.bin',
      reason: expect.stringMatching(/not a CIFAR-10 batch: 6151 bytes, expected a non-zero multiple of 3073/),
    }])
  })

  test('a CSV naming missing files: each missing row is a problem with its line, the rest imports', async () => {
    const source = join(root, 'csv')
    await writeTree(source, {
      'images/a.png': await colourNoisePng(6, 6, 1),
      'images/b.png': await colourNoisePng(6, 6, 2),
      'labels.csv': ['path,label', 'images/a.png,cat', 'images/gone.png,cat', 'images/b.png,dog',
        '"images/also gone.png",dog'].join('\n'),
    })
    const { outcome, files } = await importInto(join(source, 'labels.csv'))
    expect(files).toEqual(['dataset.cnnds', 'manifest.json'])
    expect(outcome.dataset.classNames).toEqual(['cat', 'dog'])
    expect(outcome.manifest.problems).toEqual([
      { path: 'images/gone.png', reason: 'line 3 of labels.csv: file not found' },
      { path: 'images/also gone.png', reason: 'line 5 of labels.csv: file not found' },
    ])
  })
})

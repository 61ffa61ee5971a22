import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { classCounts } from '../../../app/data/imageDataset'
import { importImageFolder } from '../../../main/services/imageFolderImport'

type Rgb = readonly [number, number, number]
const COLOURS: Record<string, Rgb> = { cats: [200, 30, 30], dogs: [30, 200, 30], 'écureuil roux': [30, 30, 200] }

let root: string

async function solidImage(path: string, colour: Rgb, format: 'png' | 'jpeg' | 'webp' | 'gif' | 'tiff' = 'png') {
  const [r, g, b] = colour
  const image = sharp({ create: { width: 24, height: 16, channels: 3, background: { r, g, b } } })
  await image.toFormat(format, format === 'jpeg' ? { quality: 100 } : {}).toFile(path)
}

async function folderOf(name: string, layout: Record<string, Rgb>): Promise<string> {
  const folder = join(root, name)
  for (const [path, colour] of Object.entries(layout)) {
    await mkdir(join(folder, path, '..'), { recursive: true })
    await solidImage(join(folder, path), colour)
  }
  return folder
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cnn-studio-import-'))
  const folder = join(root, 'animals')
  await mkdir(join(folder, 'cats', 'indoor'), { recursive: true })
  await mkdir(join(folder, 'dogs'), { recursive: true })
  await mkdir(join(folder, 'écureuil roux'), { recursive: true })
  await mkdir(join(folder, 'empty'), { recursive: true })
  await solidImage(join(folder, 'cats', 'cat 1.png'), COLOURS.cats)
  await solidImage(join(folder, 'cats', 'cat 2.jpg'), COLOURS.cats, 'jpeg')
  await solidImage(join(folder, 'cats', 'indoor', 'chat à la fenêtre.webp'), COLOURS.cats, 'webp')
  await solidImage(join(folder, 'dogs', 'dog 1.png'), COLOURS.dogs)
  await solidImage(join(folder, 'dogs', 'dog 2.tiff'), COLOURS.dogs, 'tiff')
  await writeFile(join(folder, 'dogs', 'not really.png'), 'this is text, not a PNG')
  await writeFile(join(folder, 'dogs', 'zero.png'), '')
  await writeFile(join(folder, 'dogs', 'notes.txt'), 'good dogs')
  await writeFile(join(folder, 'dogs', '.DS_Store'), 'clutter')
  await solidImage(join(folder, 'écureuil roux', 'écureuil 1.png'), COLOURS['écureuil roux'])
  await solidImage(join(folder, 'écureuil roux', 'écureuil 2.gif'), COLOURS['écureuil roux'], 'gif')
  await solidImage(join(folder, 'stray.png'), COLOURS.cats)
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('importImageFolder', () => {
  test('one class per subfolder, nested folders in their top class, unreadable files reported', async () => {
    const progress: [number, number][] = []
    const { dataset, problems } = await importImageFolder(join(root, 'animals'), {
      size: 4,
      channels: 3,
      seed: 1,
      onProgress: (done, total) => progress.push([done, total]),
    })
    expect(dataset.name).toBe('animals')
    expect(dataset.classNames).toEqual(['cats', 'dogs', 'écureuil roux'])
    expect(dataset.imageShape).toEqual({ height: 4, width: 4, channels: 3 })
    expect(dataset.count).toBe(7)
    expect(Array.from(dataset.labels)).toEqual([0, 0, 0, 1, 1, 2, 2])
    expect(classCounts(dataset, Array.from(dataset.labels, (_, i) => i))).toEqual([3, 2, 2])
    // Every image is its class's solid colour (allowing for JPEG/WebP rounding), so labels match pixels.
    for (let i = 0; i < dataset.count; i++) {
      const colour = COLOURS[dataset.classNames[dataset.labels[i]]]
      for (let p = 0; p < 16; p++) {
        for (let c = 0; c < 3; c++) {
          expect(Math.abs(dataset.images[(i * 16 + p) * 3 + c] - colour[c]), `image ${i}`).toBeLessThanOrEqual(6)
        }
      }
    }
    expect([...problems].sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { path: 'dogs/not really.png', reason: expect.stringMatching(/not an image sharp can read/) },
      { path: 'dogs/notes.txt', reason: expect.stringMatching(/not an image file type \(\.txt\)/) },
      { path: 'dogs/zero.png', reason: 'empty file (0 bytes)' },
      { path: 'empty', reason: expect.stringMatching(/no image files; not used as a class/) },
      { path: 'stray.png', reason: expect.stringMatching(/outside a class folder/) },
    ])
    const total = dataset.count + 2
    expect(progress[0]).toEqual([0, total])
    expect(progress.at(-1)).toEqual([total, total])
    const splitTotal = dataset.splits.train.length + dataset.splits.validation.length + dataset.splits.test.length
    expect(splitTotal).toBe(dataset.count)
  })

  test('converts to one grey channel on request', async () => {
    const { dataset } = await importImageFolder(join(root, 'animals'), { size: 3, channels: 1, seed: 1 })
    expect(dataset.imageShape).toEqual({ height: 3, width: 3, channels: 1 })
    expect(dataset.images.length).toBe(7 * 9)
    // green is brighter than red, which is brighter than blue, in any grey conversion
    const firstOf = (label: number) => dataset.images[dataset.labels.indexOf(label) * 9]
    expect(firstOf(1)).toBeGreaterThan(firstOf(0))
    expect(firstOf(0)).toBeGreaterThan(firstOf(2))
  })

  test('skips images over the pixel limit, and refuses when that leaves fewer than two classes', async () => {
    const folder = await folderOf('limit', { 'a/small.png': [0, 0, 0], 'b/small.png': [9, 9, 9] })
    const big = sharp({ create: { width: 200, height: 200, channels: 3, background: '#fff' } })
    await big.png().toFile(join(folder, 'b', 'big.png'))
    const { problems } = await importImageFolder(folder, { size: 4, channels: 3, seed: 1, maxInputPixels: 10_000 })
    expect(problems).toEqual([
      { path: 'b/big.png', reason: expect.stringMatching(/^image is larger than the limit of 10000 pixels/) },
    ])
    await expect(
      importImageFolder(folder, { size: 4, channels: 3, seed: 1, maxInputPixels: 100 }),
    ).rejects.toThrow(/found none \('a', 'b' had no readable images\)/)
  })

  test('a single class folder gets advice, not a crash', async () => {
    const folder = await folderOf('single', { 'cats/a.png': COLOURS.cats, 'cats/b.png': COLOURS.cats })
    await expect(importImageFolder(folder, { size: 4, channels: 3, seed: 1 })).rejects.toThrow(
      /needs one subfolder per class.*found 1: 'cats'\. Add a folder per class/,
    )
  })

  test('a folder of loose images gets advice too', async () => {
    const folder = await folderOf('loose', { 'a.png': COLOURS.cats, 'b.png': COLOURS.dogs })
    const importing = importImageFolder(folder, { size: 4, channels: 3, seed: 1 })
    await expect(importing).rejects.toThrow(/found none\. Add a folder/)
  })

  test('a missing folder is named in the error', async () => {
    await expect(importImageFolder(join(root, 'nowhere'), { size: 4, channels: 3, seed: 1 })).rejects.toThrow(
      /Cannot import '.*nowhere': it does not exist/,
    )
  })

  test('stops when aborted', async () => {
    const controller = new AbortController()
    controller.abort(new Error('user cancelled'))
    await expect(
      importImageFolder(join(root, 'animals'), { size: 4, channels: 3, seed: 1, signal: controller.signal }),
    ).rejects.toThrow(/user cancelled/)
  })
})

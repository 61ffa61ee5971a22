// Every image format the issue names, in one folder, decoded to the right colours: PNG, JPEG, WebP, TIFF and
// AVIF through sharp, GIF from its first frame only, and BMP through our own decoder.

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { importDataset } from '../../../../main/services/import/importDataset'
import { solidBmp, solidImage, writeTree } from '../imageFixtures'
import type { Rgb } from '../imageFixtures'
import { manifestEntryList } from '../../../../app/formats/manifestEntries'

const RED: Rgb = [200, 20, 20]
const BLUE: Rgb = [20, 20, 200]
let root: string

/** Two frames of 8×8: the first red, the second blue. */
async function twoFrameGif(): Promise<Buffer> {
  const frame = (colour: Rgb) => Buffer.alloc(8 * 8 * 3).fill(Buffer.from(colour))
  const raw = Buffer.concat([frame(RED), frame(BLUE)])
  return sharp(raw, { raw: { width: 8, height: 16, channels: 3, pageHeight: 8 } }).gif().toBuffer()
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'import-formats-'))
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

test('PNG, JPEG, WebP, TIFF, AVIF, GIF (first frame) and BMP all import with their colours', async () => {
  const source = join(root, 'formats')
  await writeTree(source, {
    'red/a.png': await solidImage(8, 8, RED, 'png'),
    'red/b.jpg': await solidImage(8, 8, RED, 'jpeg'),
    'red/c.webp': await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 200, g: 20, b: 20 } } })
      .webp({ lossless: true }).toBuffer(),
    'red/d.tiff': await solidImage(8, 8, RED, 'tiff'),
    'red/e.avif': await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 200, g: 20, b: 20 } } })
      .avif({ lossless: true }).toBuffer(),
    'red/f.gif': await twoFrameGif(),
    'red/g.bmp': solidBmp(8, 8, RED),
    'blue/a.png': await solidImage(8, 8, BLUE, 'png'),
    'blue/b.bmp': solidBmp(8, 8, BLUE),
  })
  const { dataset, manifest } = await importDataset(
    { source, settings: { preprocessing: { size: 4, colorMode: 'rgb' } }, datasetId: 'formats' },
    { projectDir: join(root, 'project'), write: false },
  )
  expect(manifest.problems).toEqual([])
  expect(dataset.classNames).toEqual(['blue', 'red'])
  expect(manifestEntryList(manifest.entries).map((entry) => entry.path)).toEqual([
    'blue/a.png', 'blue/b.bmp', 'red/a.png', 'red/b.jpg', 'red/c.webp', 'red/d.tiff', 'red/e.avif', 'red/f.gif',
    'red/g.bmp',
  ])
  manifestEntryList(manifest.entries).forEach((entry, index) => {
    const expected = entry.path.startsWith('red/') ? RED : BLUE
    const pixels = dataset.images.subarray(index * 48, (index + 1) * 48)
    for (let p = 0; p < 48; p += 3) {
      // Lossy AVIF/JPEG colour conversion may move a channel a few levels.
      expect([entry.path, ...Array.from(pixels.subarray(p, p + 3), (value, c) => Math.abs(value - expected[c]) <= 6)])
        .toEqual([entry.path, true, true, true])
    }
  })
})

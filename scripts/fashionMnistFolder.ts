// Turns Debian's Fashion-MNIST IDX files into a folder of PNG files, train/<class>/<index>.png and
// test/<class>/<index>.png, where <index> is the image's position in its IDX file. Shared by the command
// (fashionMnistPngs.ts), the import benchmark (benchImport.ts) and the folder e2e test. Class folder names start
// with the label ("0 T-shirt top", ... "9 Ankle boot") so sorted order is the IDX label order; they contain
// spaces on purpose. Development tooling: the app never imports this.

import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import sharp from 'sharp'
import { decodeIdxImages, decodeIdxLabels } from '../app/formats/idx'
import type { IdxImages } from '../app/formats/idx'
import { FASHION_MNIST_CLASS_NAMES } from '../main/services/idxImport'
import { forEachLimited } from '../main/services/import/runLimited'

export const DEBIAN_FASHION_MNIST = '/usr/share/datasets/fashion-mnist'

/** Fashion-MNIST's classes in label order, prefixed with the label and with '/' (not allowed in names) as ' '. */
export const FASHION_FOLDER_CLASS_NAMES: readonly string[] = FASHION_MNIST_CLASS_NAMES.map(
  (name, label) => `${label} ${name.replace('/', ' ')}`,
)

export type FashionPart = 'train' | 'test'
export type IdxPart = Readonly<{ images: IdxImages; labels: Uint8Array }>

const FILE_PREFIX: Readonly<Record<FashionPart, string>> = { train: 'train', test: 't10k' }
/** Hidden (the importers skip dot files) and written last, so a folder cut short by ^C is regenerated. */
const MARKER_FILE = '.fashion-mnist-pngs.json'

/** One part of the IDX dataset as decoded by the app's own IDX codec. */
export async function readFashionMnistPart(folder: string, part: FashionPart): Promise<IdxPart> {
  const read = async (kind: 'images-idx3' | 'labels-idx1'): Promise<Uint8Array> => {
    const bytes = await readFile(join(folder, `${FILE_PREFIX[part]}-${kind}-ubyte.gz`))
    return new Uint8Array(gunzipSync(bytes))
  }
  const images = decodeIdxImages(await read('images-idx3'), `${part} images`)
  const labels = decodeIdxLabels(await read('labels-idx1'), `${part} labels`)
  if (images.count !== labels.length) {
    throw new Error(`Fashion-MNIST ${part}: ${images.count} images but ${labels.length} labels`)
  }
  return { images, labels }
}

/** The '/'-separated path of item `index` of `part` inside the generated folder. */
export function fashionPngPath(part: FashionPart, label: number, index: number): string {
  return `${part}/${FASHION_FOLDER_CLASS_NAMES[label]}/${index}.png`
}

export type PngFolderOptions = Readonly<{
  source?: string
  /** How many of the first images of each part to write; default all (60,000 and 10,000). */
  limitTrain?: number
  limitTest?: number
  concurrency?: number
  onProgress?: (line: string) => void
}>

export type PngFolder = Readonly<{ folder: string; train: number; test: number; reused: boolean }>

/** Writes the PNG folder, or reuses it when its marker says it holds exactly the requested images. */
export async function writeFashionMnistPngs(folder: string, options: PngFolderOptions = {}): Promise<PngFolder> {
  const source = options.source ?? DEBIAN_FASHION_MNIST
  const parts = { train: await readFashionMnistPart(source, 'train'), test: await readFashionMnistPart(source, 'test') }
  const counts = {
    train: Math.min(options.limitTrain ?? Infinity, parts.train.images.count),
    test: Math.min(options.limitTest ?? Infinity, parts.test.images.count),
  }
  const marker = join(folder, MARKER_FILE)
  if (existsSync(marker)) {
    const previous = JSON.parse(await readFile(marker, 'utf8')) as { train?: number; test?: number }
    if (previous.train === counts.train && previous.test === counts.test) {
      return { folder, ...counts, reused: true }
    }
    throw new Error(`${folder} already holds a different PNG folder (${JSON.stringify(previous)}); remove it first`)
  }
  for (const part of ['train', 'test'] as const) {
    for (const name of FASHION_FOLDER_CLASS_NAMES) {
      await mkdir(join(folder, part, name), { recursive: true })
    }
  }
  const started = performance.now()
  let written = 0
  const total = counts.train + counts.test
  for (const part of ['train', 'test'] as const) {
    const { images, labels } = parts[part]
    const pixelsPerImage = images.height * images.width
    await forEachLimited(counts[part], options.concurrency ?? 8, async (index) => {
      const pixels = images.pixels.subarray(index * pixelsPerImage, (index + 1) * pixelsPerImage)
      const raw = { width: images.width, height: images.height, channels: 1 as const }
      const path = join(folder, ...fashionPngPath(part, labels[index], index).split('/'))
      // 'b-w' keeps the PNG 1-channel (colour type 0); without it sharp writes RGB, even after grayscale().
      await sharp(pixels, { raw }).toColourspace('b-w').png().toFile(path)
      if (++written % 5000 === 0 || written === total) {
        const rate = written / ((performance.now() - started) / 1000)
        options.onProgress?.(`${written}/${total} PNG files written (${Math.round(rate)} files/s)`)
      }
    })
  }
  await writeFile(marker, JSON.stringify(counts))
  return { folder, ...counts, reused: false }
}

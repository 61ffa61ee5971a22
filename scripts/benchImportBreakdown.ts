// Where an import's decoding time goes (benchImport.ts --breakdown): the same files through successively more of
// the import's per-file work, interleaved round by round, so the step that costs throughput shows as the drop
// between two neighbouring rows. In-memory rows decode buffers read beforehand (no disk, no fs calls); the
// last two rows read from disk. A development tool: measures and prints, asserts nothing.

import { readFile } from 'node:fs/promises'
import { parse, relative, sep } from 'node:path'
import sharp from 'sharp'
import type { Preprocessing } from '../app/data/importSettings'
import { decodeImage, DEFAULT_MAX_INPUT_PIXELS } from '../main/services/imageDecode'
import { decodeItems } from '../main/services/import/decodeItems'
import { forEachLimited } from '../main/services/import/runLimited'
import { FileItemList } from '../main/services/import/planItems'

type Variant = Readonly<{ name: string; run: (concurrency: number) => Promise<unknown> }>

const PREPROCESSING: Preprocessing = { size: 28, colorMode: 'grayscale', resizeMode: 'squash' }

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

function variants(files: readonly string[], buffers: readonly Buffer[]): Variant[] {
  const inMemory = (decode: (bytes: Buffer) => Promise<unknown>) => (concurrency: number) =>
    forEachLimited(buffers.length, concurrency, async (i) => void (await decode(buffers[i])))
  const root = parse(files[0] ?? '/').root
  const items = new FileItemList(root)
  for (const file of files) {
    items.add(relative(root, file).split(sep).join('/'), 0, -1)
  }
  const limitInputPixels = DEFAULT_MAX_INPUT_PIXELS
  return [
    { name: 'memory: sharp(bytes).raw().toBuffer()', run: inMemory((bytes) => sharp(bytes).raw().toBuffer()) },
    {
      name: 'memory: + limitInputPixels',
      run: inMemory((bytes) => sharp(bytes, { limitInputPixels }).raw().toBuffer()),
    },
    {
      name: 'memory: + autoOrient',
      run: inMemory((bytes) => sharp(bytes, { limitInputPixels, autoOrient: true }).raw().toBuffer()),
    },
    {
      name: "memory: + raw({ depth: 'uchar' }), resolveWithObject",
      run: inMemory((bytes) =>
        sharp(bytes, { limitInputPixels, autoOrient: true }).raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true }),
      ),
    },
    {
      // Not what the import does: shows what asking libvips for grey output (no sRGB conversion) would gain.
      name: "memory: sharp(bytes).toColourspace('b-w').raw()",
      run: inMemory((bytes) => sharp(bytes).toColourspace('b-w').raw().toBuffer()),
    },
    {
      name: 'memory: decodeImage (header probe, sharp, to grey)',
      run: inMemory((bytes) => decodeImage(bytes, PREPROCESSING, limitInputPixels)),
    },
    {
      name: 'disk: readFile + sharp(bytes).raw().toBuffer()',
      run: (concurrency) =>
        forEachLimited(files.length, concurrency, async (i) => void (await sharp(await readFile(files[i])).raw().toBuffer())),
    },
    {
      name: 'disk: decodeItems (open/stat/read/close, decodeImage, SHA-256, dHash)',
      run: (concurrency) =>
        decodeItems(items, { preprocessing: PREPROCESSING, previous: null, concurrency, maxInputPixels: limitInputPixels }),
    },
  ]
}

/** Prints images/s of each variant per round, the medians and each median relative to the first row's. */
export async function benchDecodeBreakdown(files: readonly string[], concurrency: number, rounds: number) {
  const buffers = await Promise.all(files.map((file) => readFile(file)))
  const list = variants(files, buffers)
  const rates = list.map(() => [] as number[])
  await list[0].run(concurrency) // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const [v, variant] of list.entries()) {
      const started = performance.now()
      await variant.run(concurrency)
      rates[v].push(files.length / ((performance.now() - started) / 1000))
    }
  }
  const first = median(rates[0])
  console.log(`\nper-file work, ${files.length} files, ${concurrency} in flight, ${rounds} interleaved rounds (images/s)`)
  const width = Math.max(...list.map((variant) => variant.name.length))
  for (const [v, variant] of list.entries()) {
    const perRound = rates[v].map((rate) => String(Math.round(rate)).padStart(6)).join(' ')
    const middle = median(rates[v])
    const relative = (middle / first).toFixed(2)
    console.log(`${variant.name.padEnd(width)}  ${perRound}  median ${Math.round(middle)}  ×${relative}`)
  }
}

// Import benchmark on real data (issue 4, item 5). Writes (or reuses) Fashion-MNIST as 70,000 PNG files, then in
// one run, interleaved A, B, A, B because the machines are shared: (A) sharp's own decode rate of the same files
// (readFile + sharp(buffer).raw().toBuffer(), as many in flight as the import, and at the best count found),
// (B) importDataset of the folder into a fresh project; then an incremental re-import. Then peak RSS of imports
// of 20,000, 50,000 and 100,000 files against the cache's own size. A development tool: asserts nothing.
// Usage: node scripts/run-ts.mjs scripts/benchImport.ts [--rounds 3] [--concurrency N] [--work-dir DIR]
//          [--skip-speed] [--skip-memory]
//        node scripts/run-ts.mjs scripts/benchImport.ts --compare-full   (folder import = IDX import, all 70,000)
//        node scripts/run-ts.mjs scripts/benchImport.ts --breakdown [--breakdown-files 10000]   (where decoding
//          time goes: benchImportBreakdown.ts)

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import sharp from 'sharp'
import { DEFAULT_IMPORT_CONCURRENCY, importDataset } from '../main/services/import/importDataset'
import { forEachLimited } from '../main/services/import/runLimited'
import { compareFolderWithIdx, readStoredDataset } from './fashionFolderCompare'
import { benchDecodeBreakdown, median } from './benchImportBreakdown'
import { buildMemoryFolders, measureImportMemory, runMemoryChild } from './benchImportMemory'
import type { MemoryMeasurement } from './benchImportMemory'
import { DEBIAN_FASHION_MNIST, readFashionMnistPart, writeFashionMnistPngs } from './fashionMnistFolder'

const SWEEP_IN_FLIGHT = [1, 2, 4, 8, 16, 32, 64]
const SWEEP_FILES = 5_000
const MEMORY_COUNTS = [20_000, 50_000, 100_000]

const rate = (count: number, startedMs: number): number => count / ((performance.now() - startedMs) / 1000)
const megabytes = (bytes: number): string => (bytes / 2 ** 20).toFixed(1)

function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [header, ...rows].map((row) => row.map(String))
  const widths = header.map((_, c) => Math.max(...cells.map((row) => row[c].length)))
  return cells.map((row) => row.map((cell, c) => cell.padStart(widths[c])).join('  ')).join('\n')
}

async function listPngFiles(folder: string): Promise<string[]> {
  const names = await readdir(folder, { recursive: true })
  return names.filter((name) => name.endsWith('.png')).sort().map((name) => join(folder, name))
}

/** sharp alone: read each file and decode it to raw pixels, `inFlight` at a time; images per second. */
async function sharpDecodeRate(files: readonly string[], inFlight: number): Promise<number> {
  const started = performance.now()
  await forEachLimited(files.length, inFlight, async (i) => {
    await sharp(await readFile(files[i])).raw().toBuffer()
  })
  return rate(files.length, started)
}

/** Seconds in each phase, from the progress reports: scan, decode, the work between decoding and writing, write. */
type PhaseTimes = { scan: number; decode: number; assemble: number; write: number }

async function importInto(folder: string, projectDir: string, concurrency: number) {
  const started = performance.now()
  const marks = { decoding: NaN, decoded: NaN, writing: NaN }
  const outcome = await importDataset(
    { source: folder, settings: {}, datasetId: 'bench' },
    {
      projectDir,
      write: true,
      concurrency,
      onProgress: ({ phase }) => {
        const now = performance.now()
        if (phase !== 'scanning' && Number.isNaN(marks[phase])) {
          marks[phase] = now
        }
        if (phase === 'decoding') {
          marks.decoded = now // ends as the phase's last report (at most ~100 ms apart while decoding)
        }
      },
    },
  )
  const ended = performance.now()
  const phases: PhaseTimes = {
    scan: (marks.decoding - started) / 1000,
    decode: (marks.decoded - marks.decoding) / 1000,
    assemble: (marks.writing - marks.decoded) / 1000,
    write: (ended - marks.writing) / 1000,
  }
  return { rate: rate(outcome.dataset.count, started), seconds: (ended - started) / 1000, outcome, phases }
}

function describePhases(phases: PhaseTimes): string {
  const { scan, decode, assemble, write } = phases
  const format = (seconds: number) => seconds.toFixed(1)
  return `scan ${format(scan)} s, decode ${format(decode)} s, after decoding ${format(assemble)} s, write ${format(write)} s`
}

async function findBestInFlight(files: readonly string[]): Promise<number> {
  const sample = files.slice(0, SWEEP_FILES)
  const rates = new Map(SWEEP_IN_FLIGHT.map((inFlight) => [inFlight, [] as number[]]))
  for (let pass = 0; pass < 2; pass++) {
    for (const inFlight of SWEEP_IN_FLIGHT) {
      rates.get(inFlight)!.push(await sharpDecodeRate(sample, inFlight))
    }
  }
  const rows = SWEEP_IN_FLIGHT.map((inFlight) => [inFlight, ...rates.get(inFlight)!.map(Math.round)])
  console.log(`\nsharp decode rate by files in flight (${sample.length} files, 2 interleaved passes, images/s)`)
  console.log(table(['in flight', 'pass 1', 'pass 2'], rows))
  return SWEEP_IN_FLIGHT.reduce((best, n) => (median(rates.get(n)!) > median(rates.get(best)!) ? n : best))
}

async function benchSpeed(folder: string, workDir: string, rounds: number, concurrency: number): Promise<void> {
  const files = await listPngFiles(folder)
  await sharpDecodeRate(files, concurrency) // warm the page cache and sharp
  const best = await findBestInFlight(files)
  const sharpName = `sharp, ${concurrency} in flight`
  const bestName = `sharp, ${best} in flight (best)`
  const series: Record<string, number[]> = { [sharpName]: [], ...(best !== concurrency ? { [bestName]: [] } : {}) }
  series.import = []
  console.log(`\n${rounds} interleaved rounds over ${files.length} files; import concurrency ${concurrency}`)
  let lastProject = ''
  for (let round = 1; round <= rounds; round++) {
    series[sharpName].push(await sharpDecodeRate(files, concurrency))
    if (best !== concurrency) {
      series[bestName].push(await sharpDecodeRate(files, best))
    }
    if (lastProject) {
      await rm(lastProject, { recursive: true, force: true })
    }
    lastProject = await mkdtemp(join(workDir, 'project-'))
    const result = await importInto(folder, lastProject, concurrency)
    series.import.push(result.rate)
    const line = Object.entries(series).map(([name, values]) => `${name} ${Math.round(values.at(-1)!)}`)
    console.log(`round ${round}: ${line.join(', ')} images/s`)
    console.log(`  import: ${result.outcome.stats.decoded} decoded; ${describePhases(result.phases)}`)
  }
  const again = await importInto(folder, lastProject, concurrency)
  const { decoded, reused, skipped } = again.outcome.stats
  console.log(
    `incremental re-import of the unchanged folder: ${decoded} decoded, ${reused} reused, ${skipped} skipped, ` +
      `${again.seconds.toFixed(2)} s (${Math.round(again.rate)} images/s); ${describePhases(again.phases)}`,
  )
  await rm(lastProject, { recursive: true, force: true })
  const importMedian = median(series.import)
  const rows = Object.entries(series).map(([name, values]) => [
    name,
    ...values.map(Math.round),
    Math.round(median(values)),
    (importMedian / median(values)).toFixed(2),
    median(values.map((value, r) => series.import[r] / value)).toFixed(2),
  ])
  const roundNames = Array.from({ length: rounds }, (_, r) => `round ${r + 1}`)
  console.log('\nimages/s; ratio = import median / this median; paired = median over rounds of import / this (target ≥ 0.8)')
  console.log(table(['', ...roundNames, 'median', 'ratio', 'paired'], rows))
}

async function benchMemory(folder: string, workDir: string, concurrency: number): Promise<void> {
  console.log('\nbuilding the 20,000 / 50,000 / 100,000-file folders (hard links + 30,000 procedural PNG files)')
  const folders = await buildMemoryFolders(workDir, folder, MEMORY_COUNTS)
  const script = fileURLToPath(import.meta.url)
  const rows: (string | number)[][] = []
  const measurements: MemoryMeasurement[] = []
  for (const count of MEMORY_COUNTS) {
    const projectDir = await mkdtemp(join(workDir, 'memory-project-'))
    const m: MemoryMeasurement = await runMemoryChild(script, folders.get(count)!, projectDir, concurrency)
    await rm(projectDir, { recursive: true, force: true })
    const beyondCache = (measurement: MemoryMeasurement) => measurement.vmHwm - measurement.rssBefore - measurement.cacheBytes
    const previous = measurements.at(-1)
    // What memory beyond the cache grows by per image: zero if the import's own overhead were constant.
    const perAddedImage = previous === undefined
      ? '-'
      : Math.round((beyondCache(m) - beyondCache(previous)) / (m.count - previous.count))
    measurements.push(m)
    const growth = m.vmHwm - m.rssBefore
    rows.push([
      m.count,
      megabytes(m.cacheBytes),
      megabytes(m.rssBefore),
      megabytes(m.peakSampled),
      megabytes(m.vmHwm),
      megabytes(growth),
      megabytes(growth - m.cacheBytes),
      Math.round((growth - m.cacheBytes) / m.count),
      perAddedImage,
      m.seconds.toFixed(1),
    ])
    console.log(`imported ${m.count} images in ${m.seconds.toFixed(1)} s`)
  }
  console.log('\npeak memory of one import per fresh process (MB = 2^20 bytes; growth = VmHWM − RSS before)')
  const header = ['images', 'cache MB', 'RSS before', 'peak sampled', 'VmHWM', 'growth', 'growth − cache']
  console.log(table([...header, 'bytes/image beyond cache', 'per image added', 's'], rows))
  console.log('\nper phase: the largest RSS sampled, and V8 heap used / external / array buffers at that moment (MB)')
  const phaseRows = measurements.flatMap((m) =>
    Object.entries(m.phases).map(([phase, peak]) => [
      m.count,
      phase,
      megabytes(peak.rss),
      megabytes(peak.heapUsed),
      megabytes(peak.heapTotal),
      megabytes(peak.external),
      megabytes(peak.arrayBuffers),
    ]),
  )
  console.log(table(['images', 'phase', 'RSS', 'heap used', 'heap total', 'external', 'array buffers'], phaseRows))
}

async function compareFull(folder: string, workDir: string, concurrency: number): Promise<boolean> {
  const projectDir = await mkdtemp(join(workDir, 'compare-project-'))
  const environment = { projectDir, write: true, concurrency }
  const started = performance.now()
  await importDataset({ source: folder, settings: {}, datasetId: 'fashion-folder' }, environment)
  await importDataset({ source: DEBIAN_FASHION_MNIST, settings: {}, datasetId: 'fashion-idx' }, environment)
  console.log(`imported the folder and the IDX files in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  const reference = {
    train: await readFashionMnistPart(DEBIAN_FASHION_MNIST, 'train'),
    test: await readFashionMnistPart(DEBIAN_FASHION_MNIST, 'test'),
  }
  const expected = { train: reference.train.images.count, test: reference.test.images.count }
  const result = compareFolderWithIdx(
    await readStoredDataset(projectDir, 'fashion-folder'),
    await readStoredDataset(projectDir, 'fashion-idx'),
    reference,
    expected,
  )
  await rm(projectDir, { recursive: true, force: true })
  console.log(
    `compared ${result.count} folder images (${result.testCount} in the test split) with the IDX files: ` +
      `${result.problemCount} disagreements; caches equal after mapping: images ${result.imagesEqualAfterMapping}, ` +
      `labels ${result.labelsEqualAfterMapping}`,
  )
  result.problems.forEach((problem) => console.log(`  ${problem}`))
  return result.problemCount === 0 && result.imagesEqualAfterMapping && result.labelsEqualAfterMapping
}

const { values } = parseArgs({
  options: {
    rounds: { type: 'string' },
    concurrency: { type: 'string' },
    'work-dir': { type: 'string' },
    'skip-speed': { type: 'boolean' },
    'skip-memory': { type: 'boolean' },
    'compare-full': { type: 'boolean' },
    breakdown: { type: 'boolean' },
    'breakdown-files': { type: 'string' },
    'memory-child': { type: 'string' },
    project: { type: 'string' },
  },
})
const concurrency = Number(values.concurrency ?? DEFAULT_IMPORT_CONCURRENCY)
if (values['memory-child'] !== undefined) {
  await measureImportMemory(values['memory-child'], values.project ?? tmpdir(), concurrency)
} else {
  const workDir = values['work-dir'] ?? join(tmpdir(), 'cnn-studio-bench-import')
  const folder = join(workDir, 'fashion-mnist-pngs')
  const started = performance.now()
  const pngs = await writeFashionMnistPngs(folder, { onProgress: (line) => console.log(line) })
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(`${folder}: ${pngs.train} + ${pngs.test} PNG files (${pngs.reused ? 'reused' : `written in ${seconds} s`})`)
  console.log(`sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}, sharp.concurrency() ${sharp.concurrency()}`)
  if (values['compare-full']) {
    process.exitCode = (await compareFull(folder, workDir, concurrency)) ? 0 : 1
  } else if (values.breakdown) {
    const files = (await listPngFiles(folder)).slice(0, Number(values['breakdown-files'] ?? 10_000))
    await benchDecodeBreakdown(files, concurrency, Number(values.rounds ?? 3))
  } else {
    if (!values['skip-speed']) {
      await benchSpeed(folder, workDir, Number(values.rounds ?? 3), concurrency)
    }
    if (!values['skip-memory']) {
      await benchMemory(folder, workDir, concurrency)
    }
  }
}

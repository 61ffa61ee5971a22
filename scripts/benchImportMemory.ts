// The memory half of the import benchmark (benchImport.ts): folders of 20,000, 50,000 and 100,000 PNG files
// (the 70,000 Fashion-MNIST files plus 30,000 drawn procedurally, hard-linked into class folders), and the
// measurement itself, run in a fresh child process per folder so each peak RSS (VmHWM) belongs to one import.
// Development tooling: measures and prints, asserts nothing.

import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { link, mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { Random } from '../app/engine/random'
import { importDataset } from '../main/services/import/importDataset'
import { forEachLimited } from '../main/services/import/runLimited'
import { FASHION_FOLDER_CLASS_NAMES } from './fashionMnistFolder'

export type MemoryMeasurement = Readonly<{
  count: number
  cacheBytes: number
  rssBefore: number
  peakSampled: number
  vmHwm: number
  seconds: number
  phases: Partial<Record<PhaseName, PhasePeak>>
}>

const SIDE = 28
const MARKER_FILE = '.bench-folder.json'

/** One procedural 28×28 grey image of class `label`: a bright disc whose radius grows with the label, on noise. */
function drawProcedural(label: number, random: Random): Uint8Array {
  const pixels = new Uint8Array(SIDE * SIDE)
  const radius = 3 + label + random.uniform()
  const centerX = radius + random.uniform() * (SIDE - 2 * radius)
  const centerY = radius + random.uniform() * (SIDE - 2 * radius)
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const inside = (x - centerX) ** 2 + (y - centerY) ** 2 <= radius * radius
      pixels[y * SIDE + x] = Math.min(255, (inside ? 180 : 20) + Math.floor(random.uniform() * 60))
    }
  }
  return pixels
}

/** Writes `count` procedural PNG files into <folder>/<class>/gen-<i>.png (reused when the marker matches). */
async function writeProcedural(folder: string, count: number): Promise<string[]> {
  const paths = Array.from({ length: count }, (_, i) => join(folder, FASHION_FOLDER_CLASS_NAMES[i % 10], `gen-${i}.png`))
  if (await markerSays(folder, count)) {
    return paths
  }
  for (const name of FASHION_FOLDER_CLASS_NAMES) {
    await mkdir(join(folder, name), { recursive: true })
  }
  const random = new Random(4)
  const images = Array.from({ length: count }, (_, i) => drawProcedural(i % 10, random))
  await forEachLimited(count, 8, async (i) => {
    const raw = { width: SIDE, height: SIDE, channels: 1 as const }
    await sharp(images[i], { raw }).toColourspace('b-w').png().toFile(paths[i])
  })
  await writeFile(join(folder, MARKER_FILE), JSON.stringify({ count }))
  return paths
}

async function markerSays(folder: string, count: number): Promise<boolean> {
  const marker = join(folder, MARKER_FILE)
  return existsSync(marker) && (JSON.parse(await readFile(marker, 'utf8')) as { count: number }).count === count
}

/**
 * Class folders holding the first `count` of: the Fashion PNG folder's training files, its test files, then
 * procedural files; hard links, so every size shares one copy of the bytes. Returns each folder by count.
 */
export async function buildMemoryFolders(
  workDir: string,
  fashionFolder: string,
  counts: readonly number[],
): Promise<Map<number, string>> {
  const fashion: { path: string; className: string; name: string }[] = []
  for (const part of ['train', 'test']) {
    for (const className of FASHION_FOLDER_CLASS_NAMES) {
      const names = (await readdir(join(fashionFolder, part, className))).filter((name) => name.endsWith('.png'))
      for (const name of names.sort((a, b) => parseInt(a) - parseInt(b))) {
        fashion.push({ path: join(fashionFolder, part, className, name), className, name: `${part}-${name}` })
      }
    }
  }
  const extra = Math.max(0, Math.max(...counts) - fashion.length)
  const generated = (await writeProcedural(join(workDir, 'procedural'), extra)).map((path, i) => ({
    path,
    className: FASHION_FOLDER_CLASS_NAMES[i % 10],
    name: `gen-${i}.png`,
  }))
  const pool = [...fashion, ...generated]
  const folders = new Map<number, string>()
  for (const count of counts) {
    const folder = join(workDir, `memory-${count}`)
    folders.set(count, folder)
    if (await markerSays(folder, count)) {
      continue
    }
    for (const className of FASHION_FOLDER_CLASS_NAMES) {
      await mkdir(join(folder, className), { recursive: true })
    }
    await forEachLimited(count, 16, (i) => link(pool[i].path, join(folder, pool[i].className, pool[i].name)))
    await writeFile(join(folder, MARKER_FILE), JSON.stringify({ count }))
  }
  return folders
}

/** The kernel's peak resident set size of this process (Linux), in bytes; NaN elsewhere. */
function highWaterMark(): number {
  const status = existsSync('/proc/self/status') ? readFileSync('/proc/self/status', 'utf8') : ''
  const match = /VmHWM:\s+(\d+) kB/.exec(status)
  return match ? Number(match[1]) * 1024 : Number.NaN
}

type PhaseName = 'scan' | 'decode' | 'assembled' | 'write' | 'returned'

/** The largest RSS seen in one phase, with V8's view of memory at that moment (bytes). */
export type PhasePeak = Readonly<{ rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number }>

/** Tracks the peak RSS of each phase of an import, sampled every 20 ms and at every progress report. */
class PhaseSampler {
  phase: PhaseName = 'scan'
  readonly peaks: Partial<Record<PhaseName, PhasePeak>> = {}
  private readonly timer = setInterval(() => this.sample(), 20)

  /** Writing starts right after the synchronous assembly (split, manifest, doctor): its first report samples that. */
  onProgress(progress: { phase: string; done: number; total: number }): void {
    if (progress.phase === 'decoding') {
      this.phase = 'decode'
    } else if (progress.phase === 'writing' && this.phase === 'decode') {
      this.phase = 'assembled'
      this.sample()
      this.phase = 'write'
    }
    this.sample()
  }

  sample(): void {
    const rss = process.memoryUsage.rss()
    const peak = this.peaks[this.phase]
    if (peak === undefined || rss > peak.rss) {
      const { heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage()
      this.peaks[this.phase] = { rss, heapUsed, heapTotal, external, arrayBuffers }
    }
  }

  stop(): void {
    clearInterval(this.timer)
  }
}

/** In the child: one import of `folder` (write: true) with RSS sampled every 20 ms; prints one JSON line. */
export async function measureImportMemory(folder: string, projectDir: string, concurrency?: number) {
  ;(globalThis as { gc?: () => void }).gc?.()
  await new Promise((resolve) => setTimeout(resolve, 100))
  const rssBefore = process.memoryUsage().rss
  const sampler = new PhaseSampler()
  const started = performance.now()
  const outcome = await importDataset(
    { source: folder, settings: {}, datasetId: 'memory' },
    { projectDir, write: true, concurrency, onProgress: (progress) => sampler.onProgress(progress) },
  )
  const seconds = (performance.now() - started) / 1000
  sampler.phase = 'returned'
  sampler.sample()
  sampler.stop()
  const measurement: MemoryMeasurement = {
    count: outcome.dataset.count,
    cacheBytes: outcome.dataset.images.byteLength,
    rssBefore,
    peakSampled: Math.max(...Object.values(sampler.peaks).map((peak) => peak.rss)),
    vmHwm: highWaterMark(),
    seconds,
    phases: sampler.peaks,
  }
  console.log(JSON.stringify(measurement))
}

/** In the parent: runs `script --memory-child ...` in a fresh Node and returns its measurement. */
export function runMemoryChild(script: string, folder: string, projectDir: string, concurrency?: number) {
  const args = ['--expose-gc', script, '--memory-child', folder, '--project', projectDir]
  if (concurrency !== undefined) {
    args.push('--concurrency', String(concurrency))
  }
  return new Promise<MemoryMeasurement>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('exit', (code) => {
      const line = output.trim().split('\n').at(-1) ?? ''
      if (code !== 0 || !line.startsWith('{')) {
        reject(new Error(`memory child for ${folder} exited with ${code}:\n${output}`))
      } else {
        resolve(JSON.parse(line) as MemoryMeasurement)
      }
    })
  })
}

// The built CLI on real files: `cnn-studio doctor` on a small generated folder with a duplicate that crosses
// classes and splits and a broken file, its --json form, its refusals, and `train --data` with import flags
// (the model's input follows --size and --color) and Ctrl+C during an import (exit 130, nothing written).

import { spawn } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CLI, runCli } from './helpers'

let workDir: string
let splitFolder: string
let classFolder: string
let largeFolder: string

/** A PNG of seeded noise (distinct seeds give images no perceptual hash confuses). */
async function writeNoisePng(path: string, seed: number, side: number): Promise<void> {
  const pixels = Buffer.alloc(side * side * 3)
  // A 32-bit LCG in integer arithmetic (Math.imul), so no two seeds below 2^32 share a stream.
  let state = (Math.imul(seed, 2654435761) + 1) >>> 0
  for (let i = 0; i < pixels.length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0
    pixels[i] = state >>> 24
  }
  await mkdir(join(path, '..'), { recursive: true })
  await sharp(pixels, { raw: { width: side, height: side, channels: 3 } }).png().toFile(path)
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'doctor-e2e-'))
  // train/ val/ test/ folders of cat and dog; test/dog/same.png is train/cat/c0.png again (other class, other
  // split) and train/dog/broken.png is text with an image name.
  splitFolder = join(workDir, 'pets')
  let seed = 1
  for (const [split, count] of [['train', 6], ['val', 2], ['test', 2]] as const) {
    for (const name of ['cat', 'dog']) {
      for (let i = 0; i < count; i++) {
        await writeNoisePng(join(splitFolder, split, name, `${name[0]}${i}.png`), seed++, 24)
      }
    }
  }
  await copyFile(join(splitFolder, 'train', 'cat', 'c0.png'), join(splitFolder, 'test', 'dog', 'same.png'))
  await writeFile(join(splitFolder, 'train', 'dog', 'broken.png'), 'this is not a PNG')
  // Plain class folders of 20×20 colour images for train --data.
  classFolder = join(workDir, 'shapes')
  for (const name of ['a', 'b']) {
    for (let i = 0; i < 12; i++) {
      await writeNoisePng(join(classFolder, name, `${i}.png`), 1000 + seed++, 20)
    }
  }
  // Enough images that the import is still decoding when Ctrl+C arrives.
  largeFolder = join(workDir, 'large')
  for (let i = 0; i < 3000; i++) {
    await writeNoisePng(join(largeFolder, i % 2 ? 'odd' : 'even', `${i}.png`), 5000 + i, 48)
  }
}, 120_000)

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true })
})

describe('cnn-studio doctor', () => {
  test('names the duplicate, the leakage it causes and the broken file, and exits 0', async () => {
    const project = join(workDir, 'project-doctor')
    const result = await runCli(['doctor', splitFolder, '--project', project, '--size', '16'], { timeoutMs: 60_000 })
    expect(result.code, result.stderr).toBe(0)
    const text = result.stdout
    expect(text).toContain(`Dataset doctor: ${splitFolder}`)
    expect(text).toMatch(/images\s+21 images in 2 classes \(train 12, validation 4, test 5\)/)
    expect(text).toMatch(/WARNING exact-duplicates: 2 files are byte-for-byte identical/)
    expect(text).toMatch(/ERROR split-leakage: The same image sits in the train and test splits/)
    expect(text).toContain('      train/cat/c0.png')
    expect(text).toContain('      test/dog/same.png')
    expect(text).toMatch(/Skipped files \(1\)\n {2}train\/dog\/broken\.png: \S/)
    expect(text).toMatch(/input\s+16×16×3 \(rgb\)/)
    expect(text.trim().split('\n').at(-1)).toMatch(/^Verdict: not ready: 1 error/)
    // Nothing was written: no dataset folder in the project.
    await expect(readdir(join(project, 'datasets'))).rejects.toThrow(/ENOENT/)
  })

  test('--json prints one object holding every finding with its paths, and nothing on stderr', async () => {
    const result = await runCli(['doctor', splitFolder, '--json', '--project', join(workDir, 'project-doctor')], {
      timeoutMs: 60_000,
    })
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toBe('')
    const report = JSON.parse(result.stdout) as {
      type: string
      kind: string
      classNames: string[]
      classCounts: { train: number[]; validation: number[]; test: number[] }
      problems: { path: string; reason: string }[]
      findings: { kind: string; severity: string; paths: string[] }[]
      verdict: { errors: number }
    }
    expect(report.type).toBe('doctor')
    expect(report.kind).toBe('imageFolder')
    expect(report.classNames).toEqual(['cat', 'dog'])
    expect(report.classCounts).toEqual({ train: [6, 6], validation: [2, 2], test: [2, 3] })
    expect(report.problems.map((problem) => problem.path)).toEqual(['train/dog/broken.png'])
    const leakage = report.findings.find((finding) => finding.kind === 'split-leakage')
    expect(leakage?.severity).toBe('error')
    expect([...(leakage?.paths ?? [])].sort()).toEqual(['test/dog/same.png', 'train/cat/c0.png'])
    expect(report.verdict.errors).toBeGreaterThanOrEqual(1)
  })

  test('help lists the doctor and the import options', async () => {
    const result = await runCli(['help'], { timeoutMs: 30_000 })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('cnn-studio doctor <source> [--json]')
    for (const flag of ['--size N', '--color C', '--resize R', '--validation F', '--test F', '--split-seed N']) {
      expect(result.stdout).toContain(flag)
    }
  })

  test('a folder with a single class, or a file that is no source, exits 2 with the importer\'s advice', async () => {
    const single = join(workDir, 'single')
    await writeNoisePng(join(single, 'only', 'a.png'), 77, 16)
    const result = await runCli(['doctor', single], { timeoutMs: 30_000 })
    expect(result.code).toBe(2)
    // Progress lines may come first (stderr is a log here); the refusal is the last line, whole.
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(/^cnn-studio doctor: .*at least two classes.*Add a folder per class/)
    const text = join(workDir, 'notes.txt')
    await writeFile(text, 'hello')
    const notSource = await runCli(['doctor', text], { timeoutMs: 30_000 })
    expect(notSource.code).toBe(2)
    expect(notSource.stderr).toMatch(/^cnn-studio doctor: '.*notes\.txt' is a file but not a \.csv/)
  })

  test.each([
    [['doctor', '/no/such/folder'], /^cnn-studio doctor: '\/no\/such\/folder' does not exist; expected a folder/],
    [['doctor'], /^cnn-studio doctor: which dataset\?/],
    [['doctor', '/tmp', '--size', '2'], /^--size: got '2', expected an integer from 4 to 512/],
    [['doctor', '/tmp', '--resize', 'stretch'], /^--resize: got 'stretch', expected one of squash, crop, letterbox/],
    [['doctor', '/tmp', '--validation', '15%'], /^--validation: got '15%', expected .*0\.1 means 10%/],
  ])('%j exits 2 with one line', async (args, message) => {
    const result = await runCli(args, { timeoutMs: 30_000 })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(message)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
  })
})

describe('cnn-studio train --data with import flags', () => {
  test('--size 16 --color grayscale gives the model a 16×16×1 input and reports the import', async () => {
    const project = join(workDir, 'project-train')
    const runDir = join(workDir, 'run-gray')
    const result = await runCli(
      ['train', '--data', classFolder, '--size', '16', '--color', 'grayscale', '--model', 'tiny', '--epochs', '1',
        '--project', project, '--out', runDir, '--json'],
      { timeoutMs: 120_000 },
    )
    expect(result.code, result.stderr).toBe(0)
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
    const imported = lines.find((line) => line.type === 'imported')
    expect(imported).toMatchObject({ count: 24, decoded: 24, skipped: 0 })
    expect(lines.some((line) => line.type === 'importProgress')).toBe(true)
    const config = JSON.parse(await readFile(join(runDir, 'config.json'), 'utf8')) as {
      spec: { input: { height: number; width: number; channels: number } }
    }
    expect(config.spec.input).toEqual({ height: 16, width: 16, channels: 1 })
  })

  test('without --json the import prints its result line on stderr; a second import reuses every image', async () => {
    const project = join(workDir, 'project-train')
    const args = ['train', '--data', classFolder, '--size', '16', '--color', 'grayscale', '--model', 'tiny',
      '--epochs', '1', '--project', project, '--out', join(workDir, 'run-gray-2')]
    const result = await runCli(args, { timeoutMs: 120_000 })
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/imported 24 images \(0 decoded, 24 reused, 0 skipped\) in \d+\.\d s/)
  })

  test('Ctrl+C during the import exits 130 with one line and leaves no dataset file behind', async () => {
    const project = join(workDir, 'project-cancel')
    const child = spawn(process.execPath, [CLI, 'train', '--data', largeFolder, '--project', project, '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    let isSent = false
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      if (!isSent && stdout.includes('"phase":"decoding"')) {
        isSent = true
        child.kill('SIGINT')
      }
    })
    const code = await new Promise<number | null>((settle) => child.on('exit', settle))
    expect(isSent, stdout).toBe(true)
    expect(code, stderr).toBe(130)
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^cnn-studio train: import cancelled by Ctrl\+C/)])
    const datasets = await readdir(join(project, 'datasets')).catch(() => [])
    for (const id of datasets) {
      expect(await readdir(join(project, 'datasets', id))).toEqual([])
    }
  })
})

import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { decodeCheckpoint, encodeCheckpoint } from '../../../app/formats/checkpoint'
import { CheckpointStore, epochCheckpointFileName } from '../../../main/runs/checkpointStore'
import { makeCheckpoint } from '../../app/formats/checkpointFixture'

// rename is wrapped so one test can make it fail the way a full or vanishing disk would.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>()
  return { ...actual, rename: vi.fn(actual.rename) }
})

let runDir: string

beforeEach(async () => {
  runDir = join(await mkdtemp(join(tmpdir(), 'cnn-studio-checkpoints-')), 'run-1')
  await mkdir(runDir)
})

afterEach(async () => {
  vi.mocked(rename).mockRestore()
  await rm(join(runDir, '..'), { recursive: true, force: true })
})

/** A mid-epoch checkpoint of epoch 3 (2 completed), `globalStep - 80` steps in. */
function atStep(globalStep: number) {
  return makeCheckpoint({ globalStep, seed: globalStep })
}

function epochEnd(epoch: number) {
  const checkpoint = makeCheckpoint({ seed: 100 + epoch })
  return { ...checkpoint, progress: { epoch, stepInEpoch: 0, globalStep: 40 * epoch } }
}

describe('CheckpointStore', () => {
  test('saves last.ckpt, and at epoch ends epoch-<NNN>.ckpt too; loadLast gives the newest back', async () => {
    const store = new CheckpointStore(runDir)
    const first = epochEnd(1)
    const path = await store.save(first, { isEpochEnd: true })
    expect(path).toBe(join(runDir, 'checkpoints', 'last.ckpt'))
    const midEpoch = atStep(97)
    await store.save(midEpoch, { isEpochEnd: false })
    expect((await store.loadLast()).progress).toEqual(midEpoch.progress)
    expect(Buffer.from(await readFile(path)).equals(encodeCheckpoint(midEpoch))).toBe(true)
    const epochFile = await readFile(join(runDir, 'checkpoints', 'epoch-001.ckpt'))
    expect(decodeCheckpoint(epochFile).progress).toEqual(first.progress)
    expect((await readdir(join(runDir, 'checkpoints'))).sort()).toEqual(['epoch-001.ckpt', 'last.ckpt'])
  })

  test('list() gives epoch files in epoch order, then last.ckpt, ignoring other files', async () => {
    const store = new CheckpointStore(runDir)
    expect(await store.list()).toEqual([])
    for (const epoch of [2, 10, 1, 1000]) {
      await store.save(epochEnd(epoch), { isEpochEnd: true })
    }
    await writeFile(join(runDir, 'checkpoints', 'notes.txt'), 'mine')
    const listed = await store.list()
    expect(listed.map((file) => [file.fileName, file.epoch])).toEqual([
      ['epoch-001.ckpt', 1],
      ['epoch-002.ckpt', 2],
      ['epoch-010.ckpt', 10],
      ['epoch-1000.ckpt', 1000],
      ['last.ckpt', null],
    ])
    const size = encodeCheckpoint(epochEnd(1)).length
    expect(listed[0]).toMatchObject({ path: join(runDir, 'checkpoints', 'epoch-001.ckpt'), bytes: size })
    expect(listed[0].modifiedAt).toBeInstanceOf(Date)
    expect(epochCheckpointFileName(7)).toBe('epoch-007.ckpt')
  })

  test('says clearly when there is nothing to load', async () => {
    await expect(new CheckpointStore(runDir).loadLast()).rejects.toThrow(
      `no checkpoint in ${join(runDir, 'checkpoints')}: the run never finished an epoch`,
    )
    const missingRun = join(runDir, '..', 'run-typo')
    await expect(new CheckpointStore(missingRun).loadLast()).rejects.toThrow(
      `no run in ${missingRun}: the folder does not exist`,
    )
  })

  test('a damaged last.ckpt is refused with its path and the reason', async () => {
    const store = new CheckpointStore(runDir)
    const path = await store.save(atStep(90), { isEpochEnd: false })
    const bytes = await readFile(path)
    await writeFile(path, bytes.subarray(0, bytes.length - 10))
    await expect(store.loadLast()).rejects.toThrow(`${path}: checkpoint is truncated: expected ${bytes.length} bytes`)
  })

  test('refuses an epoch-end save whose progress is not at an epoch end', async () => {
    await expect(new CheckpointStore(runDir).save(atStep(97), { isEpochEnd: true })).rejects.toThrow(
      /epoch-end checkpoint has .* got epoch 2, stepInEpoch 17/,
    )
  })

  test('a save that fails before its rename leaves the previous last.ckpt whole and no temporary file', async () => {
    const store = new CheckpointStore(runDir)
    const previous = atStep(90)
    const path = await store.save(previous, { isEpochEnd: false })
    const diskFull = Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })
    vi.mocked(rename).mockRejectedValueOnce(diskFull)
    await expect(store.save(atStep(91), { isEpochEnd: false })).rejects.toThrow(
      `Saving checkpoint ${path} failed: ENOSPC: no space left on device`,
    )
    expect(await readdir(join(runDir, 'checkpoints'))).toEqual(['last.ckpt'])
    expect((await store.loadLast()).progress).toEqual(previous.progress)
  })
})

describe('CheckpointStore under SIGKILL', () => {
  const weightCount = 12_000_000 // two sections of 48 MB: a write that takes a while
  let childScript: string

  beforeAll(async () => {
    // Bundle the TypeScript child into one .mjs with vite (a dependency already), so plain node can run it.
    const outDir = await mkdtemp(join(tmpdir(), 'cnn-studio-child-'))
    const { build } = await import('vite')
    await build({
      configFile: false,
      logLevel: 'silent',
      build: {
        ssr: join(__dirname, 'checkpointWriterChild.ts'),
        outDir,
        target: 'node20',
        minify: false,
        rollupOptions: { output: { format: 'es', entryFileNames: 'child.mjs' } },
      },
    })
    childScript = join(outDir, 'child.mjs')
  }, 60_000)

  afterAll(async () => {
    await rm(join(childScript, '..'), { recursive: true, force: true })
  })

  /**
   * Starts the child; kills it with SIGKILL `delayMs` after a temporary file of its second save appears (or,
   * should a broken store write in place, 3 s after the first save).
   */
  async function killDuringSecondSave(delayMs: number): Promise<{ lastSaved: number; leftovers: string[] }> {
    const child = spawn(process.execPath, [childScript, runDir, String(weightCount)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let lastSaved = 0
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      for (const match of text.matchAll(/saved (\d+)/g)) {
        lastSaved = Number(match[1])
      }
    })
    const exited = new Promise((resolve) => child.on('exit', resolve))
    const folder = join(runDir, 'checkpoints')
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
    while (lastSaved < 1) {
      await pause(1)
    }
    const deadline = Date.now() + 3000
    while (Date.now() < deadline && !(await readdir(folder)).some((name) => name.endsWith('.tmp'))) {
      await pause(1)
    }
    await pause(delayMs)
    child.kill('SIGKILL')
    await exited
    const leftovers = (await readdir(folder)).filter((name) => name.endsWith('.tmp'))
    return { lastSaved, leftovers }
  }

  test('a process killed in the middle of writing leaves the previous last.ckpt whole', async () => {
    let killsMidWrite = 0
    for (const delayMs of [0, 5, 20, 40]) {
      await rm(join(runDir, 'checkpoints'), { recursive: true, force: true })
      const { lastSaved, leftovers } = await killDuringSecondSave(delayMs)
      killsMidWrite += leftovers.length > 0 ? 1 : 0
      const store = new CheckpointStore(runDir)
      const loaded = await store.loadLast()
      // The file holds one complete save: the last one announced, or one finished just before the kill.
      const k = loaded.progress.stepInEpoch
      expect(k === lastSaved || k === lastSaved + 1, `delay ${delayMs}: file holds ${k}, last announced ${lastSaved}`)
        .toBe(true)
      expect(loaded.weights.length).toBe(weightCount)
      expect(loaded.weights.every((value) => value === k)).toBe(true)
      // The next save of a new process clears what the killed one left behind.
      await store.save(loaded, { isEpochEnd: false })
      expect(await readdir(join(runDir, 'checkpoints'))).toEqual(['last.ckpt'])
    }
    expect(killsMidWrite).toBeGreaterThan(0) // at least one kill really landed during a write
  }, 120_000)
})

// Cancelling an import at any moment (scanning, decoding, writing, or before it starts) rejects with
// ImportCancelledError and leaves the previous cache and manifest byte for byte as they were, with no temporary
// file beside them; temporaries left by a process that died are removed by the next import.

import { execFileSync } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { ImportProgress } from '../../../../app/protocol/studioApi'
import { ImportCancelledError, importDataset } from '../../../../main/services/import/importDataset'
import type { ImportRequest } from '../../../../main/services/import/importDataset'
import { colourNoisePng, writeTree } from '../imageFixtures'

type Report = Omit<ImportProgress, 'importId'>
const FILES_PER_CLASS = 150
let root: string
let source: string

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'import-cancel-'))
  source = join(root, 'photos')
  const files: Record<string, Uint8Array> = {}
  for (let i = 0; i < FILES_PER_CLASS; i++) {
    files[`a/${i}.png`] = await colourNoisePng(20, 20, i)
    files[`b/${i}.png`] = await colourNoisePng(20, 20, 1000 + i)
  }
  await writeTree(source, files)
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

const request = (size: number): ImportRequest =>
  ({ source, settings: { preprocessing: { size } }, datasetId: 'photos' })

/** A project holding a previous import (size 8), and the bytes of its two files. */
async function previousImport() {
  const projectDir = await mkdtemp(join(root, 'project-'))
  await importDataset(request(8), { projectDir, write: true })
  const folder = join(projectDir, 'datasets', 'photos')
  const snapshot = async () => ({
    names: (await readdir(folder)).sort(),
    cache: await readFile(join(folder, 'dataset.cnnds')),
    manifest: await readFile(join(folder, 'manifest.json')),
  })
  return { projectDir, before: await snapshot(), snapshot }
}

/** Re-imports at another size (so every file is decoded again), aborting at the first report `when` accepts. */
async function cancelWhen(
  projectDir: string,
  when: (report: Report) => boolean,
): Promise<{ error: unknown; at: Report | null }> {
  const controller = new AbortController()
  let at: Report | null = null
  const error = await importDataset(request(10), {
    projectDir,
    write: true,
    signal: controller.signal,
    concurrency: 1, // decoding then takes several 100 ms report intervals
    onProgress: (report) => {
      if (at === null && when(report)) {
        at = report
        controller.abort()
      }
    },
  }).then(() => null, (caught: unknown) => caught)
  return { error, at }
}

describe('cancelling an import', () => {
  test('while decoding, after the first report with done > 0', async () => {
    const { projectDir, before, snapshot } = await previousImport()
    const { error, at } = await cancelWhen(projectDir, (report) => report.phase === 'decoding' && report.done > 0)
    expect(at).toMatchObject({ phase: 'decoding', total: 2 * FILES_PER_CLASS })
    expect((at as Report | null)?.done).toBeLessThan(2 * FILES_PER_CLASS)
    expect(error).toBeInstanceOf(ImportCancelledError)
    expect(await snapshot()).toEqual(before)
    expect(before.names).toEqual(['dataset.cnnds', 'manifest.json'])
  })

  test('while writing', async () => {
    const { projectDir, before, snapshot } = await previousImport()
    const { error, at } = await cancelWhen(projectDir, (report) => report.phase === 'writing')
    expect(at?.phase).toBe('writing')
    expect(error).toBeInstanceOf(ImportCancelledError)
    expect(await snapshot()).toEqual(before)
  })

  test('while scanning, and before starting; a first import cancelled leaves no dataset folder', async () => {
    const { projectDir, before, snapshot } = await previousImport()
    const { error } = await cancelWhen(projectDir, (report) => report.phase === 'scanning')
    expect(error).toBeInstanceOf(ImportCancelledError)
    expect(await snapshot()).toEqual(before)
    const empty = await mkdtemp(join(root, 'project-'))
    const aborted = AbortSignal.abort()
    await expect(importDataset(request(8), { projectDir: empty, write: true, signal: aborted }))
      .rejects.toThrow(ImportCancelledError)
    const duringWrite = await cancelWhen(empty, (report) => report.phase === 'writing')
    expect(duringWrite.error).toBeInstanceOf(ImportCancelledError)
    expect(await readdir(empty)).toEqual([])
  })

  test('temporary files of a process that died are removed by the next import', async () => {
    const { projectDir } = await previousImport()
    const folder = join(projectDir, 'datasets', 'photos')
    const deadPid = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']))
    const leftovers = [`.dataset.cnnds.${deadPid}.0badf00d.tmp`, `.manifest.json.${deadPid}.0badf00d.tmp`]
    const alive = `.dataset.cnnds.${process.pid}.cafe0123.tmp` // a live writer's file is not touched
    for (const name of [...leftovers, alive]) {
      await writeFile(join(folder, name), 'half a cache')
    }
    await importDataset(request(8), { projectDir, write: true })
    expect((await readdir(folder)).sort()).toEqual([alive, 'dataset.cnnds', 'manifest.json'])
  })
})

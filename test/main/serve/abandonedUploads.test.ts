// Start-up cleanup of unfinished uploads: only those whose server is gone (or unknown) are deleted; finished
// uploads, uploads of a server still running and anything that is not an upload stay.

import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { removeAbandonedUploads } from '../../../main/serve/abandonedUploads'
import { startServeServer } from '../../../main/serve/serveServer'
import type { ServeOptions } from '../../../main/serve/serveServer'
import { UploadStore, uploadsFolder } from '../../../main/serve/uploadStore'

const id = (digit: string) => digit.repeat(32)

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' })
  return Number(child.stdout.trim())
}

let project: string
beforeEach(async () => {
  project = await mkdtemp(join(tmpdir(), 'cnn-abandoned-'))
})
afterEach(async () => {
  await rm(project, { recursive: true, force: true })
})

describe('removeAbandonedUploads', () => {
  test("deletes partial folders whose server is gone or unknown, keeps live servers' and finished ones", async () => {
    const folder = uploadsFolder(project)
    const partial = async (uploadId: string, owner: string | null) => {
      await mkdir(join(folder, `${uploadId}.partial`, 'cats'), { recursive: true })
      await writeFile(join(folder, `${uploadId}.partial`, 'cats', '1.png'), 'x')
      if (owner !== null) {
        await writeFile(join(folder, `${uploadId}.partial.owner`), owner)
      }
    }
    await partial(id('a'), `${deadPid()}\n`) // its server exited
    await partial(id('b'), `${process.pid}\n`) // its server (this process) still runs
    await partial(id('c'), null) // from before owners were recorded
    await partial(id('d'), 'not a pid') // a damaged record
    await mkdir(join(folder, id('e'))) // finished
    await writeFile(join(folder, `${id('f')}.partial.owner`), `${deadPid()}\n`) // a record without its folder
    await mkdir(join(folder, 'holiday.partial')) // not an upload's name
    const removed = await removeAbandonedUploads(folder)
    expect(removed.sort()).toEqual([id('a'), id('c'), id('d')])
    expect((await readdir(folder)).sort()).toEqual(
      [`${id('b')}.partial`, `${id('b')}.partial.owner`, id('e'), 'holiday.partial'].sort(),
    )
  })

  test('a project without uploads is fine', async () => {
    expect(await removeAbandonedUploads(uploadsFolder(project))).toEqual([])
  })

  test('a serve server starting on the project deletes what a dead server left, not its own new uploads', async () => {
    const left = await new UploadStore(project).create()
    await writeFile(join(uploadsFolder(project), `${left.uploadId}.partial.owner`), `${deadPid()}\n`)
    // Starting up never reaches the studio service or the trainer.
    const unused = {} as ServeOptions['service'] & ServeOptions['trainerHost']
    const server = await startServeServer({
      host: '127.0.0.1', port: 0, token: 't'.repeat(32), rendererDir: project, service: unused, trainerHost: unused,
      projectDir: project,
    })
    try {
      expect(await readdir(uploadsFolder(project))).toEqual([])
    } finally {
      await server.close()
    }
  })
})

// Unfinished uploads left by a server that is gone. An upload's counts live in the server's memory, so after a
// crash or a restart its <id>.partial folder can never be finished: it only takes disk space. Each upload
// records its server's pid beside its folder (<id>.partial.owner); at start-up, partial folders whose owner no
// longer runs (or that have no owner file, from before owners were recorded) are deleted. Another server still
// running on the same project keeps its uploads.

import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isProcessAlive } from '../services/processAlive'
import { UPLOAD_ID_PATTERN } from './uploadPaths'

const PARTIAL = '.partial'
const OWNER = '.owner'

/** Records this process as the owner of the upload's partial folder. */
export async function claimUpload(uploadsFolder: string, uploadId: string): Promise<void> {
  await writeFile(join(uploadsFolder, `${uploadId}${PARTIAL}${OWNER}`), `${process.pid}\n`)
}

/** Forgets the owner record (the upload was finished or discarded). */
export async function releaseUpload(uploadsFolder: string, uploadId: string): Promise<void> {
  await rm(join(uploadsFolder, `${uploadId}${PARTIAL}${OWNER}`), { force: true })
}

async function ownerOf(uploadsFolder: string, uploadId: string): Promise<number | null> {
  const text = await readFile(join(uploadsFolder, `${uploadId}${PARTIAL}${OWNER}`), 'utf8').catch(() => null)
  return text !== null && /^\d+\n?$/.test(text) ? Number(text) : null
}

/** Deletes the partial folders (and owner records) of uploads whose server is gone; returns their ids. */
export async function removeAbandonedUploads(uploadsFolder: string): Promise<string[]> {
  const entries = await readdir(uploadsFolder, { withFileTypes: true }).catch(() => [])
  const removed: string[] = []
  for (const entry of entries) {
    const uploadId = entry.name.slice(0, -PARTIAL.length)
    if (!entry.isDirectory() || !entry.name.endsWith(PARTIAL) || !UPLOAD_ID_PATTERN.test(uploadId)) {
      continue
    }
    const owner = await ownerOf(uploadsFolder, uploadId)
    if (owner === null || !isProcessAlive(owner)) {
      await rm(join(uploadsFolder, entry.name), { recursive: true, force: true })
      await releaseUpload(uploadsFolder, uploadId)
      removed.push(uploadId)
    }
  }
  // Owner records whose folder is gone (a crash between a rename and the record's removal).
  const names = new Set(entries.map((entry) => entry.name))
  for (const name of names) {
    const uploadId = name.slice(0, -(PARTIAL.length + OWNER.length))
    if (name.endsWith(`${PARTIAL}${OWNER}`) && UPLOAD_ID_PATTERN.test(uploadId) && !names.has(`${uploadId}${PARTIAL}`)) {
      await releaseUpload(uploadsFolder, uploadId)
    }
  }
  return removed
}

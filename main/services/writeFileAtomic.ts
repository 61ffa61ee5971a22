// Replaces a file so that readers, and a crash at any instant, see either the old contents or the complete new
// ones: write a temporary file beside it, fsync, rename over the target, fsync the folder. On failure the
// temporary file is removed. Does not create folders; callers decide where files may appear.

import { randomBytes } from 'node:crypto'
import { open, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/** Writes bytes to path so that readers see either the old file or the complete new one. */
export async function writeFileAtomic(path: string, contents: string | Uint8Array): Promise<void> {
  const folder = dirname(path)
  const temporary = join(folder, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  try {
    const handle = await open(temporary, 'wx')
    try {
      await handle.writeFile(contents)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temporary, path)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
  // Make the rename itself durable. Some platforms cannot open a folder for syncing; the file is safe anyway.
  const folderHandle = await open(folder, 'r').catch(() => null)
  await folderHandle?.sync().catch(() => undefined)
  await folderHandle?.close()
}

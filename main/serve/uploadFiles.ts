// Writes one upload's files under its folder and nowhere else. Paths arrive validated (uploadPaths.ts); on top
// of that, folders are created one level at a time and an existing one must be a real folder (lstat, so a
// symlink planted inside the upload is refused, not followed), and files are created exclusively with
// O_NOFOLLOW: a file is never overwritten, and nothing outside the upload folder can be reached.

import { constants } from 'node:fs'
import { lstat, mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { UploadError } from './uploadError'

const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0)

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code
}

export class UploadFolderWriter {
  /** Folders made (or being made) so far, by relative path: each level is checked once per upload. */
  private readonly folders = new Map<string, Promise<void>>()

  constructor(private readonly root: string) {}

  /** Creates `segments` (a validated relative path) with `bytes`; throws UploadError for the browser's mistakes. */
  async write(segments: readonly string[], bytes: Uint8Array): Promise<void> {
    const shown = segments.join('/')
    await this.folder(segments.slice(0, -1), shown)
    const target = join(this.root, ...segments)
    try {
      await writeFile(target, bytes, { flag: CREATE_NEW, mode: 0o644 })
    } catch (error) {
      const explained = this.explain(error, shown)
      if (explained === error) {
        await rm(target, { force: true }) // a write that failed half-way (disk full): leave no partial file
      }
      throw explained
    }
  }

  private folder(segments: readonly string[], shown: string): Promise<void> {
    if (segments.length === 0) {
      return Promise.resolve()
    }
    const key = segments.join('/')
    let made = this.folders.get(key)
    if (made === undefined) {
      made = this.makeFolder(segments, shown)
      this.folders.set(key, made)
    }
    return made
  }

  private async makeFolder(segments: readonly string[], shown: string): Promise<void> {
    await this.folder(segments.slice(0, -1), shown)
    const path = join(this.root, ...segments)
    try {
      await mkdir(path)
      return
    } catch (error) {
      if (codeOf(error) !== 'EEXIST') {
        throw this.explain(error, shown)
      }
    }
    const info = await lstat(path)
    if (!info.isDirectory()) {
      const kind = info.isSymbolicLink() ? 'a link' : 'a file'
      const where = segments.join('/')
      throw new UploadError(400, `file path "${shown}": "${where}" is ${kind} in this upload, expected a folder`)
    }
  }

  private explain(error: unknown, shown: string): Error {
    switch (codeOf(error)) {
      case 'EEXIST':
      case 'ELOOP':
        return new UploadError(400, `file path "${shown}": already in this upload; every path may be sent once`)
      case 'ENOTDIR':
        return new UploadError(400, `file path "${shown}": a part of it is a file in this upload, expected a folder`)
      case 'ENOENT':
        return new UploadError(404, `file path "${shown}": the upload was discarded while its files were arriving`)
      default:
        return error as Error
    }
  }
}

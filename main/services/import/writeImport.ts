// Writes an import's two files, dataset.cnnds then manifest.json, so that a crash or a cancel at any instant
// leaves either the previous pair or the new pair: each is written to a temporary file beside it (fsynced), the
// signal is checked between 16 MB chunks, and only when both are complete are they renamed into place (cache
// first: a crash between the renames leaves a manifest whose importId no longer matches, which readers ignore).
// The cache's images are written straight from the import's array, never copied. Temporary files left by a
// process that died are removed first.

import { randomBytes } from 'node:crypto'
import { mkdir, open, readdir, rename, rm, rmdir } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { isProcessAlive } from '../processAlive'
import { throwIfCancelled } from './importErrors'

export type DatasetFiles = Readonly<{
  cachePath: string
  manifestPath: string
  /** encodeDatasetCacheHead's bytes; the images follow them in the file. */
  head: Uint8Array
  images: Uint8Array
  /** The manifest's text in pieces (encodeDatasetManifestChunks), written one at a time: never one big string. */
  manifestChunks: Iterable<string>
  signal?: AbortSignal
  /** Called with how many image bytes are written so far. */
  onImageBytes?: (bytes: number) => void
}>

const CHUNK_BYTES = 16 * 1024 * 1024
/** `.<target name>.<pid>.<random hex>.tmp`, as writeFileAtomic.ts names its temporary files. */
const TEMPORARY_NAME = /^\.(.+)\.(\d+)\.[0-9a-f]+\.tmp$/

function temporaryPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
}

/** Removes temporary files of these targets left in the folder by processes that no longer run. */
export async function removeLeftoverTemporaries(folder: string, targets: readonly string[]): Promise<string[]> {
  const removed: string[] = []
  for (const name of await readdir(folder).catch(() => [] as string[])) {
    const match = TEMPORARY_NAME.exec(name)
    if (match !== null && targets.includes(match[1]) && !isProcessAlive(Number(match[2]))) {
      await rm(join(folder, name), { force: true })
      removed.push(name)
    }
  }
  return removed
}

/** Writes the parts, in order, to a new temporary file beside `path` and fsyncs it; returns its path. */
async function writeTemporary(
  path: string,
  parts: Iterable<Uint8Array>,
  signal: AbortSignal | undefined,
  onPartBytes?: (part: number, bytes: number) => void,
): Promise<string> {
  const temporary = temporaryPathFor(path)
  const handle = await open(temporary, 'wx')
  try {
    let part = -1
    for (const bytes of parts) {
      part++
      for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES) {
        throwIfCancelled(signal)
        const length = Math.min(CHUNK_BYTES, bytes.length - offset)
        let written = 0
        while (written < length) {
          written += (await handle.write(bytes, offset + written, length - written)).bytesWritten
        }
        onPartBytes?.(part, offset + length)
      }
    }
    await handle.sync()
    await handle.close()
    return temporary
  } catch (error) {
    await handle.close().catch(() => undefined) // already closed, or the disk is gone: removing is what matters
    await rm(temporary, { force: true })
    throw error
  }
}

/** Removes the folders mkdir created (deepest first), if they are still empty. */
async function removeCreatedFolders(folder: string, created: string | undefined): Promise<void> {
  if (created === undefined) {
    return
  }
  for (let current = folder; ; current = dirname(current)) {
    const isRemoved = await rmdir(current).then(() => true, () => false)
    if (!isRemoved || current === created || dirname(current) === current) {
      return
    }
  }
}

/** Writes and commits both files; on any failure or cancel, nothing in the folder has changed. */
export async function writeDatasetFiles(files: DatasetFiles): Promise<void> {
  const { cachePath, manifestPath, head, images, signal } = files
  const folder = dirname(cachePath)
  const created = await mkdir(folder, { recursive: true })
  await removeLeftoverTemporaries(folder, [basename(cachePath), basename(manifestPath)])
  const temporaries: string[] = []
  try {
    const onPartBytes = (part: number, bytes: number) => (part === 1 ? files.onImageBytes?.(bytes) : undefined)
    temporaries.push(await writeTemporary(cachePath, [head, images], signal, onPartBytes))
    const manifestBytes = (function* () {
      for (const chunk of files.manifestChunks) {
        yield Buffer.from(chunk, 'utf8')
      }
    })()
    temporaries.push(await writeTemporary(manifestPath, manifestBytes, signal))
    throwIfCancelled(signal)
    // The point of no return: from here the new pair replaces the old one.
    await rename(temporaries[0], cachePath)
    await rename(temporaries[1], manifestPath)
  } catch (error) {
    await Promise.all(temporaries.map((temporary) => rm(temporary, { force: true })))
    await removeCreatedFolders(folder, created)
    throw error
  }
  // Make the renames durable. Some platforms cannot open a folder for syncing; the files are safe anyway.
  const folderHandle = await open(folder, 'r').catch(() => null)
  await folderHandle?.sync().catch(() => undefined)
  await folderHandle?.close()
}

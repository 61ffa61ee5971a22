// A run's checkpoints on disk: <runDir>/checkpoints/last.ckpt (the newest: epoch ends, pause, stop) and
// epoch-<NNN>.ckpt (one per finished epoch, kept). Every write is atomic (temp file, fsync, rename), so a crash
// at any instant leaves the previous last.ckpt whole. Not the byte layout (app/formats/checkpoint.ts) and not
// when to save (the trainer decides).

import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { decodeCheckpoint, encodeCheckpoint } from '../../app/formats/checkpoint'
import type { Checkpoint } from '../../app/formats/checkpoint'
import { writeFileAtomic } from '../services/writeFileAtomic'

export const CHECKPOINT_FOLDER = 'checkpoints'
export const LAST_CHECKPOINT_FILE = 'last.ckpt'

const EPOCH_FILE_PATTERN = /^epoch-(\d+)\.ckpt$/
/** writeFileAtomic's temporary names: .<file>.<pid>.<random hex>.tmp */
const TEMPORARY_FILE_PATTERN = /^\.(?:last|epoch-\d+)\.ckpt\.(\d+)\.[0-9a-f]+\.tmp$/

export type CheckpointFileInfo = Readonly<{
  fileName: string
  path: string
  /** The completed epochs it holds, for epoch-<NNN>.ckpt; null for last.ckpt (decode it to know). */
  epoch: number | null
  bytes: number
  modifiedAt: Date
}>

/** epoch-001.ckpt for the checkpoint written when epoch 1 finished; more digits past 999. */
export function epochCheckpointFileName(epoch: number): string {
  return `epoch-${String(epoch).padStart(3, '0')}.ckpt`
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT'
}

/** Reads and decodes one checkpoint file; errors name the file and say what is wrong with it. */
export async function readCheckpointFile(path: string): Promise<Checkpoint> {
  const buffer = await readFile(path)
  try {
    return decodeCheckpoint(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength))
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`, { cause: error })
  }
}

/** Where a run's newest checkpoint is: <runDir>/checkpoints/last.ckpt. */
export function lastCheckpointPath(runDir: string): string {
  return join(runDir, CHECKPOINT_FOLDER, LAST_CHECKPOINT_FILE)
}

export class CheckpointStore {
  readonly directory: string
  private hasRemovedLeftovers = false

  constructor(readonly runDir: string) {
    this.directory = join(runDir, CHECKPOINT_FOLDER)
  }

  /**
   * Writes checkpoints/last.ckpt and, at an epoch end, also epoch-<NNN>.ckpt (NNN = progress.epoch, the
   * completed epochs). Returns the path of last.ckpt, which is complete on disk when this resolves.
   */
  async save(checkpoint: Checkpoint, options: { isEpochEnd: boolean }): Promise<string> {
    return this.saveEncoded(encodeCheckpoint(checkpoint), checkpoint.progress, options)
  }

  /** save() for bytes already encoded (by the trainer) and decoded once to check them: nothing is re-encoded. */
  async saveEncoded(
    bytes: Uint8Array,
    progress: Checkpoint['progress'],
    options: { isEpochEnd: boolean },
  ): Promise<string> {
    const { epoch, stepInEpoch } = progress
    if (options.isEpochEnd && (stepInEpoch !== 0 || epoch < 1)) {
      throw new Error(
        `CheckpointStore.save: an epoch-end checkpoint has progress.epoch ≥ 1 (epochs completed) and ` +
          `stepInEpoch 0, got epoch ${epoch}, stepInEpoch ${stepInEpoch}`,
      )
    }
    const lastPath = lastCheckpointPath(this.runDir)
    // last.ckpt first: if the second write fails, resuming still finds the newest state.
    const epochPath = join(this.directory, epochCheckpointFileName(epoch))
    const paths = options.isEpochEnd ? [lastPath, epochPath] : [lastPath]
    for (const path of paths) {
      try {
        await mkdir(this.directory, { recursive: true })
        await this.removeLeftoversOnce()
        await writeFileAtomic(path, bytes)
      } catch (error) {
        throw new Error(`Saving checkpoint ${path} failed: ${(error as Error).message}`, { cause: error })
      }
    }
    return lastPath
  }

  /** The newest checkpoint (last.ckpt), decoded; a clear error if there is none or it is damaged. */
  async loadLast(): Promise<Checkpoint> {
    const path = lastCheckpointPath(this.runDir)
    try {
      return await readCheckpointFile(path)
    } catch (error) {
      if (!isMissing(error)) {
        throw error
      }
      const runExists = await stat(this.runDir).then(
        (info) => info.isDirectory(),
        () => false,
      )
      throw new Error(
        runExists
          ? `no checkpoint in ${this.directory}: the run never finished an epoch`
          : `no run in ${this.runDir}: the folder does not exist`,
        { cause: error },
      )
    }
  }

  /** The checkpoint files present, without reading them: epoch-<NNN>.ckpt by epoch, then last.ckpt. */
  async list(): Promise<CheckpointFileInfo[]> {
    let names: string[]
    try {
      names = await readdir(this.directory)
    } catch (error) {
      if (isMissing(error)) {
        return []
      }
      throw error
    }
    const epochOf = (name: string) => Number(EPOCH_FILE_PATTERN.exec(name)?.[1] ?? Infinity)
    const chosen = names
      .filter((name) => name === LAST_CHECKPOINT_FILE || EPOCH_FILE_PATTERN.test(name))
      .sort((a, b) => epochOf(a) - epochOf(b) || a.localeCompare(b))
    const infos: CheckpointFileInfo[] = []
    for (const fileName of chosen) {
      const path = join(this.directory, fileName)
      const info = await stat(path).catch(() => null) // removed meanwhile: not listed
      if (info !== null) {
        const epoch = fileName === LAST_CHECKPOINT_FILE ? null : epochOf(fileName)
        infos.push({ fileName, path, epoch, bytes: info.size, modifiedAt: info.mtime })
      }
    }
    return infos
  }

  /**
   * Removes temporary files that a process killed mid-save left behind (they can be as large as a checkpoint).
   * Only one trainer writes a run at a time, so another process's temporary file is never still being written.
   */
  private async removeLeftoversOnce(): Promise<void> {
    if (this.hasRemovedLeftovers) {
      return
    }
    this.hasRemovedLeftovers = true
    for (const name of await readdir(this.directory)) {
      const match = TEMPORARY_FILE_PATTERN.exec(name)
      if (match !== null && Number(match[1]) !== process.pid) {
        await rm(join(this.directory, name), { force: true })
      }
    }
  }
}

// Serve-mode uploads on disk: a browser's folder arrives in <project>/uploads/<id>.partial/ and is renamed to
// <project>/uploads/<id>/ when finished, so an unfinished upload is never imported. Counts and limits per upload
// live in memory: a restarted server forgets unfinished uploads, and their .partial folders are deleted when a
// server starts (abandonedUploads.ts) or on request. HTTP is uploadRoutes.ts; this file knows nothing of requests.

import { randomBytes } from 'node:crypto'
import { lstatSync } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { claimUpload, releaseUpload } from './abandonedUploads'
import { UploadError } from './uploadError'
import { UploadFolderWriter } from './uploadFiles'
import { parseUploadRecords } from './uploadFraming'
import { expectUploadId, validateUploadPath } from './uploadPaths'

export type UploadLimits = Readonly<{
  /** Largest body of one POST /upload/<id>/files. */
  maxRequestBytes: number
  maxFilesPerUpload: number
  maxBytesPerUpload: number
}>

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxRequestBytes: 32 * 1024 * 1024,
  maxFilesPerUpload: 1_000_000,
  maxBytesPerUpload: 20 * 1024 * 1024 * 1024,
}

export type UploadTotals = Readonly<{ uploadId: string; files: number; bytes: number }>

type OpenUpload = {
  files: number
  bytes: number
  state: 'open' | 'finishing' | 'finished' | 'failed' | 'discarded'
  /** Why a request failed half-way through writing (state 'failed'): the upload is incomplete for good. */
  failure: string | null
  writer: UploadFolderWriter
  running: Set<Promise<unknown>>
}

type PendingFile = Readonly<{ segments: readonly string[]; bytes: Uint8Array }>

/** Records in one request written at once: enough to overlap disk waits, few enough to keep descriptors low. */
const WRITE_CONCURRENCY = 16

export function uploadsFolder(projectDir: string): string {
  return join(projectDir, 'uploads')
}

function isFolder(path: string): boolean {
  return lstatSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false
}

/** The folder of a finished upload, for importing it. Throws a clear Error for a bad, unknown or unfinished id. */
export function uploadFolderPath(projectDir: string, uploadId: string): string {
  const id = expectUploadId(uploadId)
  const folder = join(uploadsFolder(projectDir), id)
  if (isFolder(folder)) {
    return folder
  }
  if (isFolder(`${folder}.partial`)) {
    throw new UploadError(409, `upload ${id} is not finished: its files are still arriving (no POST …/finish yet)`)
  }
  throw new UploadError(404, `upload ${id}: no such upload in this project (it was discarded or never finished)`)
}

export class UploadStore {
  readonly limits: UploadLimits
  private readonly uploads = new Map<string, OpenUpload>()

  constructor(
    private readonly projectDir: string,
    limits: Partial<UploadLimits> = {},
  ) {
    this.limits = { ...DEFAULT_UPLOAD_LIMITS, ...limits }
  }

  /** Starts an upload. The answer carries the limits, so the browser sizes its requests to this server. */
  async create(): Promise<{ uploadId: string; limits: UploadLimits }> {
    const uploadId = randomBytes(16).toString('hex')
    const root = this.partialFolder(uploadId)
    await mkdir(uploadsFolder(this.projectDir), { recursive: true })
    await mkdir(root)
    await claimUpload(uploadsFolder(this.projectDir), uploadId)
    this.uploads.set(uploadId, {
      files: 0,
      bytes: 0,
      state: 'open',
      failure: null,
      writer: new UploadFolderWriter(root),
      running: new Set(),
    })
    return { uploadId, limits: this.limits }
  }

  /** Writes the records of one request body; answers the upload's totals so far. */
  async addFiles(uploadId: string, body: Uint8Array): Promise<UploadTotals> {
    const upload = this.openUpload(uploadId)
    if (body.length > this.limits.maxRequestBytes) {
      throw new UploadError(413, `upload body: ${body.length} bytes, expected at most ${this.limits.maxRequestBytes}`)
    }
    const records = parseUploadRecords(body)
    const seen = new Set<string>()
    const files = records.map((record) => {
      const segments = validateUploadPath(record.path)
      const key = segments.join('/')
      if (seen.has(key)) {
        throw new UploadError(400, `file path "${key}": sent twice in one request`)
      }
      seen.add(key)
      return { segments, bytes: record.bytes }
    })
    const addedBytes = files.reduce((sum, file) => sum + file.bytes.length, 0)
    this.reserve(upload, uploadId, files.length, addedBytes)
    const work = this.writeAll(upload, files)
    upload.running.add(work)
    try {
      await work
    } finally {
      upload.running.delete(work)
    }
    return { uploadId, files: upload.files, bytes: upload.bytes }
  }

  /** Makes the upload importable: renames <id>.partial to <id>. */
  async finish(uploadId: string): Promise<UploadTotals> {
    const upload = this.openUpload(uploadId)
    if (upload.running.size > 0) {
      const running = upload.running.size
      throw new UploadError(409, `upload ${uploadId}: ${running} file request(s) still running; finish after they answer`)
    }
    if (upload.files === 0) {
      throw new UploadError(400, `upload ${uploadId}: no files were sent; send files before finishing`)
    }
    upload.state = 'finishing'
    const totals = { uploadId, files: upload.files, bytes: upload.bytes }
    const folder = join(uploadsFolder(this.projectDir), uploadId)
    const work = rename(this.partialFolder(uploadId), folder)
    upload.running.add(work) // a DELETE arriving now waits for the rename, then removes the finished folder
    try {
      await work
    } catch (error) {
      this.fail(upload, error)
      throw error
    } finally {
      upload.running.delete(work)
    }
    if (upload.state === 'finishing') {
      upload.state = 'finished' // unless a DELETE came in meanwhile
    }
    await releaseUpload(uploadsFolder(this.projectDir), uploadId)
    return totals
  }

  /** Deletes an upload, finished or not (also one left by an earlier server run). */
  async discard(uploadId: string): Promise<void> {
    const id = expectUploadId(uploadId)
    const upload = this.uploads.get(id)
    if (upload !== undefined) {
      upload.state = 'discarded'
      await Promise.allSettled(upload.running)
      this.uploads.delete(id)
    }
    const folder = join(uploadsFolder(this.projectDir), id)
    const existed = isFolder(folder) || isFolder(`${folder}.partial`)
    await Promise.all([folder, `${folder}.partial`].map((path) => rm(path, { recursive: true, force: true })))
    await releaseUpload(uploadsFolder(this.projectDir), id)
    if (upload === undefined && !existed) {
      throw new UploadError(404, `upload ${id}: no such upload`)
    }
  }

  private partialFolder(uploadId: string): string {
    return join(uploadsFolder(this.projectDir), `${uploadId}.partial`)
  }

  private openUpload(uploadId: string): OpenUpload {
    const id = expectUploadId(uploadId)
    const upload = this.uploads.get(id)
    if (upload === undefined || upload.state === 'discarded') {
      throw new UploadError(404, `upload ${id}: no such upload in progress (discarded, or the server restarted)`)
    }
    if (upload.state === 'failed') {
      throw new UploadError(409, `upload ${id} failed earlier (${upload.failure}); discard it and start again`)
    }
    if (upload.state !== 'open') {
      throw new UploadError(409, `upload ${id} is ${upload.state}; start a new upload to send more files`)
    }
    return upload
  }

  /** Counts the request against the limits before writing, so two requests in flight cannot both slip through. */
  private reserve(upload: OpenUpload, uploadId: string, files: number, bytes: number): void {
    const { maxFilesPerUpload, maxBytesPerUpload } = this.limits
    const [totalFiles, totalBytes] = [upload.files + files, upload.bytes + bytes]
    if (totalFiles > maxFilesPerUpload) {
      throw new UploadError(413, `upload ${uploadId}: ${totalFiles} files, expected at most ${maxFilesPerUpload}`)
    }
    if (totalBytes > maxBytesPerUpload) {
      throw new UploadError(413, `upload ${uploadId}: ${totalBytes} bytes, expected at most ${maxBytesPerUpload}`)
    }
    upload.files += files
    upload.bytes += bytes
  }

  private fail(upload: OpenUpload, error: unknown): void {
    if (upload.state === 'open' || upload.state === 'finishing') {
      upload.state = 'failed'
      upload.failure = (error as Error).message
    }
  }

  private async writeAll(upload: OpenUpload, files: readonly PendingFile[]): Promise<void> {
    let next = 0
    let firstError: unknown = null
    const lane = async (): Promise<void> => {
      while (next < files.length && firstError === null && upload.state === 'open') {
        const file = files[next++]
        try {
          await upload.writer.write(file.segments, file.bytes)
        } catch (error) {
          firstError ??= error
        }
      }
    }
    await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, files.length) }, lane))
    if (firstError !== null) {
      // Some of this request's files are on disk and some are not: the upload can never be finished.
      this.fail(upload, firstError)
      throw firstError
    }
    if (upload.state !== 'open') {
      // Stopped by a DELETE or by another request's failure before all of this request's files were written.
      const status = upload.state === 'discarded' ? 404 : 409
      throw new UploadError(status, `the upload was ${upload.state} while its files were arriving`)
    }
  }
}

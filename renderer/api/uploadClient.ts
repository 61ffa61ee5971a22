// Serve mode's folder upload over plain HTTP (docs/protocol.md, "Uploads"): POST /upload, then the files in
// bodies of about 4 MiB (uploadChunks.ts), two requests in flight, then finish. Cancel (the signal) or any
// failure deletes the upload on the server. The page's token cookie authenticates; fetch and the clock are
// injected so this runs under Node in tests. Not a general uploader: no retries, no resuming.

import { UPLOAD_CHUNK_BYTES, UPLOAD_CHUNK_FILES, encodeUploadChunk, planUploadChunks } from './uploadChunks'
import type { UploadFile } from './uploadChunks'

export type { UploadFile } from './uploadChunks'

/** Requests in flight at once: one being written on the server while the next one travels. */
export const UPLOADS_IN_FLIGHT = 2

export type UploadProgress = Readonly<{
  files: number
  bytes: number
  totalFiles: number
  totalBytes: number
  bytesPerSecond: number
}>

export type UploadOptions = Readonly<{
  onProgress?(progress: UploadProgress): void
  signal?: AbortSignal
}>

export type UploadResult = Readonly<{
  uploadId: string
  files: number
  bytes: number
  /** Files left out, and why (larger than one request may be). */
  skipped: readonly Readonly<{ relativePath: string; reason: string }>[]
}>

export type UploadTransport = Readonly<{
  fetch(url: string, init: RequestInit): Promise<Response>
  /** '' for the page's own origin. */
  baseUrl: string
  /** The page's ?token=, added to every URL when known (the cookie alone also works). */
  token: string | null
  now(): number
}>

export function browserUploadTransport(): UploadTransport {
  return {
    fetch: (url, init) => fetch(url, { ...init, credentials: 'same-origin' }),
    baseUrl: '',
    token: new URLSearchParams(location.search).get('token'),
    now: () => performance.now(),
  }
}

async function call(
  transport: UploadTransport,
  method: string,
  path: string,
  body?: BodyInit,
  signal?: AbortSignal,
): Promise<unknown> {
  const query = transport.token === null ? '' : `?token=${encodeURIComponent(transport.token)}`
  const response = await transport.fetch(`${transport.baseUrl}${path}${query}`, { method, body, signal })
  const text = await response.text()
  let json: unknown = null
  try {
    json = JSON.parse(text)
  } catch {
    // An answer that is not ours (a proxy, the 403 page): reported with its status below.
  }
  if (!response.ok) {
    const message = (json as { error?: unknown } | null)?.error
    throw new Error(
      typeof message === 'string' ? message : `${method} ${path}: HTTP ${response.status} ${text.slice(0, 200)}`,
    )
  }
  return json
}

type Created = Readonly<{ uploadId: string; maxRequestBytes: number }>

function readCreated(answer: unknown): Created {
  const created = answer as { uploadId?: unknown; limits?: { maxRequestBytes?: unknown } } | null
  const uploadId = created?.uploadId
  const maxRequestBytes = created?.limits?.maxRequestBytes
  if (typeof uploadId !== 'string' || !/^[0-9a-f]{16,64}$/.test(uploadId) || typeof maxRequestBytes !== 'number') {
    throw new Error(`POST /upload: the server answered ${JSON.stringify(answer)}, expected { uploadId, limits }`)
  }
  return { uploadId, maxRequestBytes }
}

/** Uploads the files under a new upload id and finishes it; on cancel or failure the upload is deleted. */
export async function uploadFolder(
  files: readonly UploadFile[],
  options: UploadOptions = {},
  transport: UploadTransport = browserUploadTransport(),
): Promise<UploadResult> {
  const { signal, onProgress } = options
  if (files.length === 0) {
    throw new Error('the folder has no files to upload')
  }
  signal?.throwIfAborted()
  const { uploadId, maxRequestBytes } = readCreated(
    await call(transport, 'POST', '/upload', undefined, signal),
  )
  const chunkBytes = Math.min(UPLOAD_CHUNK_BYTES, maxRequestBytes)
  const limits = { chunkBytes, chunkFiles: UPLOAD_CHUNK_FILES, maxRequestBytes }
  const { chunks, tooLarge } = planUploadChunks(files, limits)
  const totalFiles = chunks.reduce((sum, chunk) => sum + chunk.files.length, 0)
  const totalBytes = chunks.reduce((sum, chunk) => sum + chunk.fileBytes, 0)
  const started = transport.now()
  const done = { files: 0, bytes: 0 }
  const report = (): void => {
    const seconds = (transport.now() - started) / 1000
    onProgress?.({ ...done, totalFiles, totalBytes, bytesPerSecond: seconds > 0 ? done.bytes / seconds : 0 })
  }
  // One failing request stops the other lane too (its request is aborted), then the upload is deleted.
  const stop = new AbortController()
  const onAbort = (): void => stop.abort(signal?.reason)
  signal?.addEventListener('abort', onAbort)
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < chunks.length && !stop.signal.aborted) {
      const chunk = chunks[next++]
      await call(transport, 'POST', `/upload/${uploadId}/files`, encodeUploadChunk(chunk.files), stop.signal)
      done.files += chunk.files.length
      done.bytes += chunk.fileBytes
      report()
    }
  }
  try {
    if (chunks.length === 0) {
      throw new Error(`every file is larger than one upload request may be (${maxRequestBytes} bytes)`)
    }
    report()
    const lanes = Array.from({ length: Math.min(UPLOADS_IN_FLIGHT, chunks.length) }, () =>
      lane().catch((error: unknown) => {
        stop.abort(error)
        throw error
      }),
    )
    await Promise.allSettled(lanes)
    if (stop.signal.aborted) {
      throw stop.signal.reason // the first failure (or the caller's cancel): later aborts do not replace it
    }
    await call(transport, 'POST', `/upload/${uploadId}/finish`, undefined, signal)
  } catch (error) {
    await call(transport, 'DELETE', `/upload/${uploadId}`).catch(() => undefined)
    throw signal?.aborted ? signal.reason : error
  } finally {
    signal?.removeEventListener('abort', onAbort)
  }
  const skipped = tooLarge.map((file) => ({
    relativePath: file.relativePath,
    reason: `${file.file.size} bytes: larger than one upload request may be (${maxRequestBytes} bytes)`,
  }))
  return { uploadId, files: done.files, bytes: done.bytes, skipped }
}

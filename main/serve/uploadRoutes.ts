// The HTTP face of serve-mode uploads (docs/protocol.md, "Uploads"): POST /upload, POST /upload/<id>/files,
// POST /upload/<id>/finish, DELETE /upload/<id>. serveServer.ts checks the access token first and hands every
// /upload… request here. Answers are JSON; errors are { error } with 400/404/405/409/413. The body is always
// read to its end (up to a cap) before answering, so a browser still sending gets the answer, not a reset.

import type { IncomingMessage, ServerResponse } from 'node:http'
import { UploadError } from './uploadError'
import { DEFAULT_UPLOAD_LIMITS } from './uploadStore'
import type { UploadStore } from './uploadStore'

type Route = Readonly<{ method: 'POST' | 'DELETE'; action: 'create' | 'files' | 'finish' | 'discard'; id: string }>

/** Only /files carries a body; the others take none (a small one is read, then refused). */
const SMALL_BODY_BYTES = 64 * 1024
/** A body larger than its limit is read and dropped up to this many times the limit, then the socket is closed. */
const DRAIN_FACTOR = 4

export function isUploadRoute(pathname: string): boolean {
  return pathname === '/upload' || pathname.startsWith('/upload/')
}

function matchRoute(pathname: string, method: string | undefined): Route {
  const parts = pathname.split('/').slice(2) // '' and 'upload' first
  const [id = '', action] = parts
  const shapes: readonly [boolean, Route][] = [
    [parts.length === 0, { method: 'POST', action: 'create', id: '' }],
    [parts.length === 1, { method: 'DELETE', action: 'discard', id }],
    [parts.length === 2 && action === 'files', { method: 'POST', action: 'files', id }],
    [parts.length === 2 && action === 'finish', { method: 'POST', action: 'finish', id }],
  ]
  const route = shapes.find(([matches]) => matches)?.[1]
  if (route === undefined) {
    throw new UploadError(404, `${pathname}: no such upload route; see docs/protocol.md, "Uploads"`)
  }
  if (method !== route.method) {
    throw new UploadError(405, `${method} ${pathname}: expected ${route.method}`, route.method)
  }
  return route
}

/** Reads the whole body; a body over `limit` is drained (up to DRAIN_FACTOR × limit) and refused with 413. */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = (size: string): UploadError =>
      new UploadError(413, `request body: ${size} bytes, expected at most ${limit} per request`)
    const declared = Number(request.headers['content-length']) // NaN when the body is chunked
    const refused = declared > limit
    const chunks: Buffer[] = []
    let total = 0
    request.on('data', (chunk: Buffer) => {
      total += chunk.length
      if (total <= limit && !refused) {
        chunks.push(chunk)
      } else if (total > limit * DRAIN_FACTOR) {
        request.destroy() // not worth reading any further; the client sees the connection close
      }
    })
    const settle = (): void => {
      if (refused || total > limit) {
        reject(tooLarge(String(Number.isFinite(declared) ? Math.max(declared, total) : total)))
      } else if (!request.complete) {
        reject(new UploadError(400, `request body: the connection closed after ${total} bytes, before the body ended`))
      } else {
        resolve(Buffer.concat(chunks, total))
      }
    }
    request.on('error', reject)
    request.on('end', settle)
    // A client that gives up (cancel) or a body cut off above: 'close' without 'end'. After 'end', a no-op.
    request.on('close', settle)
  })
}

/** Consumes what is left of a body we will not use, so the answer reaches a client that is still sending. */
async function drain(request: IncomingMessage): Promise<void> {
  if (request.readableEnded || request.destroyed) {
    return
  }
  await readBody(request, DEFAULT_UPLOAD_LIMITS.maxRequestBytes).catch(() => undefined)
}

async function answer(
  store: UploadStore,
  route: Route,
  request: IncomingMessage,
  pathname: string,
): Promise<[number, unknown]> {
  const limit = route.action === 'files' ? store.limits.maxRequestBytes : SMALL_BODY_BYTES
  const body = await readBody(request, limit)
  if (route.action !== 'files' && body.length > 0) {
    throw new UploadError(400, `${route.method} ${pathname}: got a body of ${body.length} bytes, expected none`)
  }
  switch (route.action) {
    case 'create':
      return [201, await store.create()]
    case 'files':
      return [200, await store.addFiles(route.id, body)]
    case 'finish':
      return [200, await store.finish(route.id)]
    case 'discard':
      await store.discard(route.id)
      return [200, { uploadId: route.id, discarded: true }]
  }
}

function sendJson(response: ServerResponse, status: number, value: unknown, headers: Record<string, string>): void {
  response
    .writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...headers,
    })
    .end(JSON.stringify(value))
}

/** Answers one /upload… request (the caller has checked the token). `store` is null when uploads are off. */
export async function handleUploadRequest(
  store: UploadStore | null,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const { pathname } = new URL(request.url ?? '/', 'http://localhost')
  try {
    const route = matchRoute(pathname, request.method)
    if (store === null) {
      throw new UploadError(404, 'uploads are not enabled on this server (it was started without a project folder)')
    }
    const [status, value] = await answer(store, route, request, pathname)
    sendJson(response, status, value, {})
  } catch (error) {
    await drain(request)
    if (error instanceof UploadError) {
      const allow: Record<string, string> = error.allow === undefined ? {} : { Allow: error.allow }
      sendJson(response, error.status, { error: error.message }, allow)
      return
    }
    sendJson(response, 500, { error: `upload failed on the server: ${(error as Error).message}` }, {})
  }
}


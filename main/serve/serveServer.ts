// Serve mode: the built renderer over HTTP and the studio API over a WebSocket at /api, bound to 127.0.0.1 by
// default. Every request must carry the access token (URL or cookie); anything else gets 403. The server only
// moves frames: StudioService answers requests, TrainerHost runs training.

import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import type { WebSocket } from 'ws'
import { serializeError } from '../../app/protocol/errors'
import type { ServerFrame, StudioEvent } from '../../app/protocol/studioApi'
import { encodeFrame } from '../../app/protocol/wireCodec'
import type { StudioService } from '../services/studioService'
import type { TrainerHost } from '../trainerHost'
import { removeAbandonedUploads } from './abandonedUploads'
import { tokenCookieHeader, tokenProof } from './accessToken'
import { parseClientFrame } from './clientFrames'
import { readStaticFile } from './staticFiles'
import { handleUploadRequest, isUploadRoute } from './uploadRoutes'
import { UploadStore, uploadsFolder } from './uploadStore'
import type { UploadLimits } from './uploadStore'

export type ServeOptions = Readonly<{
  host: string
  port: number
  token: string
  rendererDir: string
  service: StudioService
  trainerHost: TrainerHost
  /** Where folders dropped in the browser are uploaded (<projectDir>/uploads); without it /upload answers 404. */
  projectDir?: string
  uploadLimits?: Partial<UploadLimits>
}>

export type RunningServer = Readonly<{ url: string; port: number; close(): Promise<void> }>

const MAX_FRAME_BYTES = 16 * 1024 * 1024
const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
}

const FORBIDDEN_TEXT = 'Forbidden: open the URL that `cnn-studio serve` printed; it carries the access token.\n'

async function handleHttp(
  options: ServeOptions,
  uploads: UploadStore | null,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const proof = tokenProof(request, options.token)
  if (proof === null) {
    response.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end(FORBIDDEN_TEXT)
    return
  }
  const { pathname } = new URL(request.url ?? '/', 'http://localhost')
  // Uploads (uploadRoutes.ts) are the only requests that write; everything else is read-only GET/HEAD.
  if (isUploadRoute(pathname)) {
    await handleUploadRequest(uploads, request, response)
    return
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD' }).end()
    return
  }
  const file = await readStaticFile(options.rendererDir, pathname)
  if (!file) {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`Not found: ${pathname}\n`)
    return
  }
  const headers: Record<string, string> = { ...SECURITY_HEADERS, 'Content-Type': file.contentType, 'Cache-Control': 'no-cache' }
  if (proof === 'query') {
    headers['Set-Cookie'] = tokenCookieHeader(options.token)
  }
  response.writeHead(200, headers).end(request.method === 'HEAD' ? undefined : file.body)
}

function send(socket: WebSocket, frame: ServerFrame): void {
  if (socket.readyState === socket.OPEN) {
    socket.send(encodeFrame(frame))
  }
}

function handleSocket(options: ServeOptions, socket: WebSocket): void {
  const unsubscribe = options.service.subscribe((event) => send(socket, { kind: 'event', event }))
  socket.on('close', unsubscribe)
  socket.on('message', (data, isBinary) => {
    if (isBinary) {
      send(socket, { kind: 'event', event: protocolError('binary frames are not accepted; send JSON text') })
      return
    }
    let frame
    try {
      frame = parseClientFrame(data.toString())
    } catch (error) {
      send(socket, { kind: 'event', event: protocolError(`rejected frame: ${(error as Error).message}`) })
      return
    }
    if (frame.kind === 'trainer') {
      try {
        options.trainerHost.send(frame.command)
      } catch (error) {
        const event = { type: 'error', error: serializeError(error), command: frame.command.type } as const
        send(socket, { kind: 'event', event: { type: 'trainer', event } })
      }
      return
    }
    const { id, method, params } = frame
    options.service.handle(method, params).then(
      (result) => send(socket, { kind: 'response', id, ok: true, result }),
      (error: unknown) => send(socket, { kind: 'response', id, ok: false, error: serializeError(error) }),
    )
  })
}

/** Problems with a client's frame are reported as trainer errors with no command, so the page shows them. */
function protocolError(message: string): StudioEvent {
  return { type: 'trainer', event: { type: 'error', error: { name: 'ProtocolError', message }, command: null } }
}

export async function startServeServer(options: ServeOptions): Promise<RunningServer> {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES })
  const uploads = options.projectDir === undefined ? null : new UploadStore(options.projectDir, options.uploadLimits)
  if (options.projectDir !== undefined) {
    await removeAbandonedUploads(uploadsFolder(options.projectDir))
  }
  const server = createServer((request, response) => {
    handleHttp(options, uploads, request, response).catch((error: unknown) => {
      response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`Server error: ${String(error)}\n`)
    })
  })
  server.on('upgrade', (request, socket, head) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost')
    if (pathname !== '/api' || tokenProof(request, options.token) === null) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    sockets.handleUpgrade(request, socket, head, (webSocket) => handleSocket(options, webSocket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const hostInUrl = options.host.includes(':') ? `[${options.host}]` : options.host
  return {
    url: `http://${hostInUrl}:${port}/?token=${options.token}`,
    port,
    close: async () => {
      for (const client of sockets.clients) {
        client.terminate()
      }
      sockets.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

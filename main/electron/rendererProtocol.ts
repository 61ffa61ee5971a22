// The cnn-studio:// protocol handler: serves the built renderer (out/renderer, inside the asar when packaged)
// with the CSP as a real response header. A custom scheme rather than file:// so the page has its own
// origin and cannot read arbitrary files, and because webRequest header rewriting is unreliable on file://.

import type { Privileges } from 'electron'
import { readStaticFile } from '../serve/staticFiles'
import { RENDERER_HOST } from './rendererLocation'

/**
 * For protocol.registerSchemesAsPrivileged (before app 'ready'): a normal, secure origin with fetch. Not
 * corsEnabled, which would let other origins read our files; the page's own module scripts are same-origin.
 */
export const RENDERER_SCHEME_PRIVILEGES: Privileges = { standard: true, secure: true, supportFetchAPI: true }

export type RendererRequest = Readonly<{ url: string; method: string }>

export type RendererProtocolOptions = Readonly<{
  rendererDir: string
  contentSecurityPolicy: string
  /** Reads a file under the renderer folder; injected so tests can count or fail reads. */
  readFile?: typeof readStaticFile
}>

function textResponse(status: number, text: string, headers: Record<string, string> = {}): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers } })
}

export function createRendererProtocolHandler(
  options: RendererProtocolOptions,
): (request: RendererRequest) => Promise<Response> {
  const { rendererDir, contentSecurityPolicy, readFile = readStaticFile } = options
  return async (request) => {
    const url = new URL(request.url)
    if (url.host !== RENDERER_HOST) {
      return textResponse(404, `Not found: ${request.url}\n`)
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return textResponse(405, 'Method not allowed\n', { Allow: 'GET, HEAD' })
    }
    const file = await readFile(rendererDir, url.pathname)
    if (file === null) {
      return textResponse(404, `Not found: ${url.pathname}\n`)
    }
    const headers = {
      'Content-Type': file.contentType,
      'Content-Security-Policy': contentSecurityPolicy,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(file.body), { status: 200, headers })
  }
}

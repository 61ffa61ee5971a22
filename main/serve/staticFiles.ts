// Serves the built renderer (out/renderer) read-only. Paths are resolved inside the root; anything that
// escapes it, or does not exist, is a 404. Not a general web server: no directory listings, no ranges.

import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
}

export type StaticFile = Readonly<{ body: Buffer; contentType: string }>

/** The file for a URL path, or null when there is none (index.html for "/"). */
export async function readStaticFile(root: string, urlPath: string): Promise<StaticFile | null> {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null // a malformed %-escape names no file of ours
  }
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '')
  const fullPath = normalize(join(root, relative))
  if (fullPath !== root && !fullPath.startsWith(root.endsWith(sep) ? root : root + sep)) {
    return null
  }
  try {
    const info = await stat(fullPath)
    if (!info.isFile()) {
      return null
    }
    return { body: await readFile(fullPath), contentType: CONTENT_TYPES[extname(fullPath)] ?? 'application/octet-stream' }
  } catch {
    return null
  }
}

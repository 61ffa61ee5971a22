// The upload routes through a real serve-mode server, driven by the browser's own upload client (Node's fetch,
// Blob and File stand in for the browser's).

import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startServeServer } from '../../../main/serve/serveServer'
import type { RunningServer, ServeOptions } from '../../../main/serve/serveServer'
import { uploadFolder } from '../../../renderer/api/uploadClient'
import type { UploadProgress, UploadTransport } from '../../../renderer/api/uploadClient'

const TOKEN = 'upload-test-token-0123456789'
const LIMIT = 64 * 1024
let root: string
let server: RunningServer
let bare: RunningServer

// The routes never reach the studio service or the trainer.
const unused = {} as ServeOptions['service'] & ServeOptions['trainerHost']

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'upload-routes-'))
  const common = { host: '127.0.0.1', port: 0, token: TOKEN, rendererDir: join(root, 'renderer'), service: unused, trainerHost: unused }
  server = await startServeServer({ ...common, projectDir: join(root, 'project'), uploadLimits: { maxRequestBytes: LIMIT } })
  bare = await startServeServer(common)
})

afterAll(async () => {
  await server.close()
  await bare.close()
  await rm(root, { recursive: true, force: true })
})

const url = (path: string, target = server) => `http://127.0.0.1:${target.port}${path}${path.includes('?') ? '&' : '?'}token=${TOKEN}`

function transport(): UploadTransport {
  return {
    fetch: (address, init) => fetch(address, init),
    baseUrl: `http://127.0.0.1:${server.port}`,
    token: TOKEN,
    now: () => performance.now(),
  }
}

async function create(): Promise<string> {
  const response = await fetch(url('/upload'), { method: 'POST' })
  expect(response.status).toBe(201)
  return ((await response.json()) as { uploadId: string }).uploadId
}

/** One record as docs/protocol.md words it (a Uint8Array, which fetch takes as a body). */
function record(path: string, bytes: Buffer): Uint8Array<ArrayBuffer> {
  const pathBytes = Buffer.from(path)
  const lengths = Buffer.alloc(8)
  lengths.writeUInt32LE(pathBytes.length, 0)
  lengths.writeUInt32LE(bytes.length, 4)
  return Uint8Array.from(Buffer.concat([lengths.subarray(0, 4), pathBytes, lengths.subarray(4), bytes]))
}

async function expectJsonError(response: Response, status: number, message: RegExp): Promise<void> {
  expect(response.status).toBe(status)
  expect(response.headers.get('content-type')).toMatch(/application\/json/)
  expect(((await response.json()) as { error: string }).error).toMatch(message)
}

describe('upload routes', () => {
  test('the browser client uploads a folder; the files on disk are byte-identical', async () => {
    const files = Array.from({ length: 120 }, (_, index) => {
      const bytes = Buffer.from(Array.from({ length: 500 + index * 37 }, (_, i) => (i * 31 + index) % 256))
      const folder = ['circles', 'squares', 'über étoile'][index % 3]
      return { relativePath: `${folder}/bild ${index}.png`, file: new File([bytes], `bild ${index}.png`), bytes }
    })
    const progress: UploadProgress[] = []
    const result = await uploadFolder(files, { onProgress: (step) => progress.push(step) }, transport())
    const totalBytes = files.reduce((sum, file) => sum + file.bytes.length, 0)
    expect(result).toMatchObject({ files: 120, bytes: totalBytes, skipped: [] })
    const folder = join(root, 'project', 'uploads', result.uploadId)
    for (const file of files) {
      expect(await readFile(join(folder, file.relativePath))).toEqual(file.bytes)
    }
    expect(progress.at(-1)).toMatchObject({ files: 120, bytes: totalBytes, totalFiles: 120, totalBytes })
    expect(progress.map((step) => step.bytes)).toEqual([...progress.map((step) => step.bytes)].sort((a, b) => a - b))
  })

  test('every upload route needs the token', async () => {
    const id = 'a'.repeat(32)
    for (const [method, path] of [['POST', '/upload'], ['POST', `/upload/${id}/files`], ['DELETE', `/upload/${id}`]]) {
      const body = method === 'POST' ? 'x' : undefined
      const response = await fetch(`http://127.0.0.1:${server.port}${path}`, { method, body })
      expect(response.status, `${method} ${path}`).toBe(403)
    }
    const headers = { cookie: `cnn_studio_token=${TOKEN}` }
    const cookie = await fetch(`http://127.0.0.1:${server.port}/upload`, { method: 'POST', headers })
    expect(cookie.status).toBe(201)
  })

  test('wrong methods, unknown routes and malformed ids get JSON errors', async () => {
    const get = await fetch(url('/upload'))
    expect(get.headers.get('allow')).toBe('POST')
    await expectJsonError(get, 405, /GET \/upload: expected POST/)
    const id = await create()
    await expectJsonError(await fetch(url(`/upload/${id}/files`), { method: 'PUT', body: 'x' }), 405, /expected POST/)
    await expectJsonError(await fetch(url(`/upload/${id}`), { method: 'POST' }), 405, /expected DELETE/)
    await expectJsonError(await fetch(url(`/upload/${id}/rename`), { method: 'POST' }), 404, /no such upload route/)
    const badId = await fetch(url('/upload/ABC/files'), { method: 'POST', body: 'x' })
    await expectJsonError(badId, 400, /upload id: got "ABC", expected 32 lowercase hex/)
    await expectJsonError(await fetch(url(`/upload/${'0'.repeat(32)}/finish`), { method: 'POST' }), 404, /no such upload in progress/)
    const withBody = await fetch(url('/upload'), { method: 'POST', body: '{}' })
    await expectJsonError(withBody, 400, /POST \/upload: got a body of 2 bytes, expected none/)
    // Other paths stay read-only.
    expect((await fetch(url('/index.html'), { method: 'POST' })).status).toBe(405)
  })

  test('bad framing and bad paths are 400 naming the problem; nothing is written', async () => {
    const id = await create()
    const whole = record('cats/1.png', Buffer.from('0123456789'))
    await expectJsonError(await fetch(url(`/upload/${id}/files`), { method: 'POST', body: whole.subarray(0, 20) }), 400, /truncated/)
    await expectJsonError(
      await fetch(url(`/upload/${id}/files`), { method: 'POST', body: record('../escape.png', Buffer.from('x')) }),
      400,
      /file path "..\/escape.png": expected no "." or ".." segments/,
    )
    expect(await readdir(join(root, 'project', 'uploads', `${id}.partial`))).toEqual([])
    expect(await readdir(root)).toEqual(['project'])
  })

  test('a body over the limit is 413, whether its length is declared or streamed', async () => {
    const id = await create()
    const big = record('a/big.png', Buffer.alloc(LIMIT))
    await expectJsonError(await fetch(url(`/upload/${id}/files`), { method: 'POST', body: big }), 413, /expected at most 65536 per request/)
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(big)
        controller.close()
      },
    })
    const streamed = await fetch(url(`/upload/${id}/files`), { method: 'POST', body: stream, duplex: 'half' } as RequestInit)
    await expectJsonError(streamed, 413, /expected at most 65536 per request/)
  })

  test('DELETE discards an upload; a server without a project has no uploads', async () => {
    const id = await create()
    await fetch(url(`/upload/${id}/files`), { method: 'POST', body: record('a/1.png', Buffer.from('x')) })
    const deleted = await fetch(url(`/upload/${id}`), { method: 'DELETE' })
    expect(deleted.status).toBe(200)
    expect(await deleted.json()).toEqual({ uploadId: id, discarded: true })
    expect((await readdir(join(root, 'project', 'uploads'))).filter((name) => name.startsWith(id))).toEqual([])
    await expectJsonError(await fetch(url('/upload', bare), { method: 'POST' }), 404, /uploads are not enabled/)
  })
})

import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { WebSocket } from 'ws'
import type { ServerFrame } from '../../../app/protocol/studioApi'
import { decodeFrame, encodeFrame } from '../../../app/protocol/wireCodec'
import { startServeServer } from '../../../main/serve/serveServer'
import type { RunningServer } from '../../../main/serve/serveServer'
import { StudioService } from '../../../main/services/studioService'
import { TrainerHost } from '../../../main/trainerHost'

const TOKEN = 'test-token-0123456789abcdef'
let server: RunningServer
let root: string
const sentToTrainer: unknown[] = []

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'serve-test-'))
  const rendererDir = join(root, 'renderer')
  await mkdir(join(rendererDir, 'assets'), { recursive: true })
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>CNN Studio</title>')
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log(1)')
  await writeFile(join(root, 'secret.txt'), 'do not serve')
  const trainerHost = new TrainerHost(() => ({
    postMessage: (message) => sentToTrainer.push(message),
    onMessage: () => {},
    onExit: () => {},
    kill: () => {},
  }))
  const service = new StudioService({ projectDir: join(root, 'project'), host: 'serve', trainerHost, appVersion: '9.9.9' })
  server = await startServeServer({ host: '127.0.0.1', port: 0, token: TOKEN, rendererDir, service, trainerHost })
})

afterAll(async () => {
  await server.close()
  await rm(root, { recursive: true, force: true })
})

const base = () => `http://127.0.0.1:${server.port}`

describe('serve mode HTTP', () => {
  test('binds the loopback address and prints a URL that carries the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${TOKEN}`)
  })

  test.each(['/', '/index.html', '/assets/app.js', `/?token=wrong-${TOKEN}`])('refuses %s without the token', async (path) => {
    const response = await fetch(base() + path)
    expect(response.status).toBe(403)
    expect(await response.text()).toMatch(/carries the access token/)
  })

  test('serves the page with the token and sets a cookie that later requests use', async () => {
    const page = await fetch(`${base()}/?token=${TOKEN}`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<title>CNN Studio</title>')
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'")
    const cookie = page.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^cnn_studio_token=.*HttpOnly; SameSite=Strict/)
    const asset = await fetch(`${base()}/assets/app.js`, { headers: { cookie: cookie.split(';')[0] } })
    expect(asset.status).toBe(200)
    expect(asset.headers.get('content-type')).toMatch(/text\/javascript/)
  })

  test('does not serve files outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt']) {
      const response = await fetch(`${base()}${path}?token=${TOKEN}`)
      expect(response.status, path).toBe(404)
    }
  })
})

function openSocket(query: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/api${query}`)
    socket.once('open', () => resolve(socket))
    socket.once('error', reject)
    socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)))
  })
}

function nextFrame(socket: WebSocket): Promise<ServerFrame> {
  return new Promise((resolve) => socket.once('message', (data) => resolve(decodeFrame(data.toString()) as ServerFrame)))
}

describe('serve mode WebSocket', () => {
  test('refuses a connection without the token', async () => {
    await expect(openSocket('')).rejects.toThrow(/403|socket hang up|Unexpected server response/)
    await expect(openSocket('?token=nope')).rejects.toThrow()
  })

  test('answers requests and reports rejected ones by id', async () => {
    const socket = await openSocket(`?token=${TOKEN}`)
    socket.send(encodeFrame({ kind: 'request', id: 7, method: 'app:info', params: {} }))
    expect(await nextFrame(socket)).toMatchObject({ kind: 'response', id: 7, ok: true, result: { host: 'serve', version: '9.9.9' } })
    socket.send(encodeFrame({ kind: 'request', id: 8, method: 'datasets:import', params: { importId: 'i1', source: { kind: 'path', path: 'relative/dir' } } }))
    const refused = await nextFrame(socket)
    expect(refused).toMatchObject({ kind: 'response', id: 8, ok: false })
    expect(refused.kind === 'response' && !refused.ok && refused.error.message).toMatch(
      /params.source.path: got "relative\/dir", expected an absolute folder or \.csv path/,
    )
    socket.close()
  })

  test('validates frames before acting: a bad trainer command never reaches the trainer', async () => {
    const socket = await openSocket(`?token=${TOKEN}`)
    const before = sentToTrainer.length
    socket.send(encodeFrame({ kind: 'trainer', command: { type: 'start', runId: 'x' } }))
    const frame = await nextFrame(socket)
    expect(frame).toMatchObject({ kind: 'event', event: { type: 'trainer', event: { type: 'error' } } })
    expect(sentToTrainer.length).toBe(before)
    socket.send('not json at all')
    expect(await nextFrame(socket)).toMatchObject({ kind: 'event', event: { type: 'trainer', event: { type: 'error' } } })
    socket.send(encodeFrame({ kind: 'trainer', command: { type: 'pause' } }))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(sentToTrainer.slice(before)).toEqual([{ type: 'pause' }])
    socket.close()
  })
})

import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { ConnectionStatus, StudioClient } from '../../../renderer/api/studioClient'
import { serveSocketUrl } from '../../../renderer/api/studioClient'
import { DISCONNECTED, RECONNECT_DELAYS_MS, connectServe } from '../../../renderer/api/serveClient'
import type { SocketHandlers } from '../../../renderer/api/serveClient'
import { decodeFrame, encodeFrame } from '../../../app/protocol/wireCodec'
import { APP_INFO, sampleSummary } from '../fixtures'

/** Stands in for the WebSocket: records what the client sends, lets the test play the server. */
class FakeServer {
  sockets: { url: string; handlers: SocketHandlers; sent: unknown[]; isOpen: boolean }[] = []

  open = (url: string, handlers: SocketHandlers) => {
    const socket = { url, handlers, sent: [] as unknown[], isOpen: false }
    this.sockets.push(socket)
    return {
      send: (text: string) => socket.sent.push(decodeFrame(text)),
      close: () => undefined,
      isOpen: () => socket.isOpen,
    }
  }

  get current() {
    return this.sockets[this.sockets.length - 1]
  }

  accept(): void {
    this.current.isOpen = true
    this.current.handlers.onOpen()
  }

  drop(code = 1006, reason = ''): void {
    this.current.isOpen = false
    this.current.handlers.onClose(code, reason)
  }

  push(frame: unknown): void {
    this.current.handlers.onMessage(encodeFrame(frame))
  }
}

async function connected(server: FakeServer): Promise<StudioClient> {
  const connecting = connectServe('ws://studio/api?token=t', server.open, () => 1000)
  server.accept()
  return connecting
}

describe('serve client', () => {
  let server: FakeServer
  beforeEach(() => {
    server = new FakeServer()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  test('sends requests with increasing ids and matches answers by id, in any order', async () => {
    const client = await connected(server)
    const info = client.invoke('app:info', {})
    const sample = client.invoke('datasets:sample', { name: 'shapes' })
    expect(server.current.sent).toEqual([
      { kind: 'request', id: 1, method: 'app:info', params: {} },
      { kind: 'request', id: 2, method: 'datasets:sample', params: { name: 'shapes' } },
    ])
    server.push({ kind: 'response', id: 2, ok: true, result: sampleSummary() })
    server.push({ kind: 'response', id: 1, ok: true, result: APP_INFO })
    await expect(info).resolves.toEqual(APP_INFO)
    await expect(sample).resolves.toEqual(sampleSummary())
  })

  test('rejects with the remote error, prefixed by the method', async () => {
    const client = await connected(server)
    const opening = client.invoke('datasets:import', { importId: 'i-1', source: { kind: 'path', path: '/nope' } })
    server.push({
      kind: 'response',
      id: 1,
      ok: false,
      error: { name: 'NotFoundError', message: 'no such folder' },
    })
    await expect(opening).rejects.toMatchObject({
      name: 'NotFoundError',
      message: 'datasets:import: no such folder',
    })
  })

  test('rejects a result that does not have the promised shape', async () => {
    const client = await connected(server)
    const info = client.invoke('app:info', {})
    server.push({ kind: 'response', id: 1, ok: true, result: { name: 'x' } })
    await expect(info).rejects.toThrow(/^app:info: app:info result\.version/)
  })

  test('delivers events and reports unreadable frames as problems instead of dropping them', async () => {
    const client = await connected(server)
    const events: unknown[] = []
    const problems: string[] = []
    client.subscribe((event) => events.push(event))
    client.subscribeProblems((problem) => problems.push(problem.message))
    const state = { type: 'trainer', event: { type: 'state', state: 'idle', runId: null } }
    server.push({ kind: 'event', event: state })
    server.push({ kind: 'event', event: { type: 'weather' } })
    server.current.handlers.onMessage('{oops')
    server.push({ kind: 'response', id: 99, ok: true, result: null })
    expect(events).toEqual([state])
    expect(problems).toHaveLength(3)
    expect(problems[0]).toMatch(/unreadable frame: frame\.event\.type: got "weather"/)
    expect(problems[2]).toMatch(/request 99/)
  })

  test('a listener that throws is reported and does not stop the others', async () => {
    const client = await connected(server)
    const problems: string[] = []
    let delivered = 0
    client.subscribeProblems((problem) => problems.push(problem.message))
    client.subscribe(() => {
      throw new Error('boom')
    })
    client.subscribe(() => delivered++)
    server.push({
      kind: 'event',
      event: { type: 'trainerExited', code: 1, signal: null, message: 'crashed' },
    })
    expect(delivered).toBe(1)
    expect(problems).toEqual(['event listener: boom'])
  })

  test('sends trainer commands as trainer frames', async () => {
    const client = await connected(server)
    client.sendTrainer({ type: 'pause' })
    expect(server.current.sent).toEqual([{ kind: 'trainer', command: { type: 'pause' } }])
  })

  test('fails to connect when the first attempt closes, without retrying', async () => {
    vi.useFakeTimers()
    const connecting = connectServe('ws://studio/api?token=bad', server.open)
    server.drop(1006)
    await expect(connecting).rejects.toThrow(/could not connect to the studio server \(code 1006\)/)
    vi.advanceTimersByTime(60_000)
    expect(server.sockets).toHaveLength(1)
  })

  test('after a drop: fails work fast, retries with growing delays, then resyncs the trainer', async () => {
    vi.useFakeTimers()
    const client = await connected(server)
    const statuses: ConnectionStatus[] = []
    client.subscribeConnection((status) => statuses.push(status))
    const pending = client.invoke('app:info', {})
    server.drop(1001, 'server going away')
    await expect(pending).rejects.toThrow(`app:info: ${DISCONNECTED} (code 1001: server going away)`)
    await expect(client.invoke('app:info', {})).rejects.toThrow(`app:info: ${DISCONNECTED}`)
    expect(() => client.sendTrainer({ type: 'stop' })).toThrow(`trainer stop: ${DISCONNECTED}`)
    expect(client.connection).toEqual({
      state: 'disconnected',
      reason: 'code 1001: server going away',
      retryAt: 1000 + RECONNECT_DELAYS_MS[0],
    })

    vi.advanceTimersByTime(RECONNECT_DELAYS_MS[0])
    expect(server.sockets).toHaveLength(2)
    server.drop()
    expect(client.connection).toMatchObject({ retryAt: 1000 + RECONNECT_DELAYS_MS[1] })
    vi.advanceTimersByTime(RECONNECT_DELAYS_MS[1] - 1)
    expect(server.sockets).toHaveLength(2)
    vi.advanceTimersByTime(1)
    server.accept()
    expect(client.connection).toEqual({ state: 'connected' })
    expect(server.current.sent).toEqual([{ kind: 'trainer', command: { type: 'status' } }])
    expect(statuses.at(-1)).toEqual({ state: 'connected' })
  })

  test('reconnect() tries at once instead of waiting', async () => {
    vi.useFakeTimers()
    const client = await connected(server)
    server.drop()
    client.reconnect()
    expect(server.sockets).toHaveLength(2)
    client.reconnect() // an attempt is in flight: no second socket
    expect(server.sockets).toHaveLength(2)
  })
})

describe('serveSocketUrl', () => {
  test('uses the page host, /api and the page token, and wss on https', () => {
    expect(serveSocketUrl({ protocol: 'http:', host: '127.0.0.1:8080', search: '?token=a%2Bb' })).toBe(
      'ws://127.0.0.1:8080/api?token=a%2Bb',
    )
    expect(serveSocketUrl({ protocol: 'https:', host: 'box:1', search: '' })).toBe('wss://box:1/api?token=')
  })
})

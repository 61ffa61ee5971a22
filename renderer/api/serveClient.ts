// Serve mode's StudioClient: one WebSocket to the studio server, wireCodec frames, requests matched to
// responses by id, and polite reconnection (1 s, 2 s, 4 s … 15 s) after the first connection succeeded.
// The socket is injected (SocketLike), so this file runs under Node in tests; it never reads `window`.

import { deserializeError } from '../../app/protocol/errors'
import type { ClientFrame, StudioEvent, StudioMethod, StudioResult } from '../../app/protocol/studioApi'
import type { TrainerCommand } from '../../app/protocol/trainerProtocol'
import { encodeFrame } from '../../app/protocol/wireCodec'
import { readServerFrame } from './incomingEvents'
import { parseResult } from './incomingResults'
import { createListenerSet, createProblemChannel } from './listenerSet'
import { withContext } from '../shared/errorText'
import type { ConnectionStatus, StudioClient } from './studioClient'

export type SocketHandlers = Readonly<{
  onOpen(): void
  onMessage(data: unknown): void
  onClose(code: number, reason: string): void
}>

/** The little of a WebSocket this client needs; the browser adapter lives in studioClient.ts. */
export type SocketLike = Readonly<{ send(text: string): void; close(): void; isOpen(): boolean }>
export type OpenSocket = (url: string, handlers: SocketHandlers) => SocketLike

export const RECONNECT_DELAYS_MS: readonly number[] = [1000, 2000, 4000, 8000, 15_000]
export const DISCONNECTED = 'disconnected from the studio server'

type Pending = Readonly<{ method: StudioMethod; resolve(value: unknown): void; reject(error: Error): void }>

/** "code 1006" or "code 1001: server going away", as the WebSocket reported the close. */
function closeReason(code: number, reason: string): string {
  return reason === '' ? `code ${code}` : `code ${code}: ${reason}`
}

/** Opens the socket and resolves once it is open; rejects if the very first attempt fails. */
export function connectServe(
  url: string,
  openSocket: OpenSocket,
  now: () => number = Date.now,
): Promise<StudioClient> {
  const problems = createProblemChannel()
  const events = createListenerSet<StudioEvent>((error) =>
    problems.emit(withContext(error, 'event listener')),
  )
  const connectionListeners = createListenerSet<ConnectionStatus>((error) =>
    problems.emit(withContext(error, 'connection listener')),
  )
  const pending = new Map<number, Pending>()
  let nextId = 1
  let socket: SocketLike | null = null
  let hasEverOpened = false
  let attempt = 0
  let retryTimer: ReturnType<typeof setTimeout> | null = null
  let connection: ConnectionStatus = { state: 'disconnected', reason: 'connecting', retryAt: null }

  function setConnection(status: ConnectionStatus): void {
    connection = status
    connectionListeners.emit(status)
  }

  function send(frame: ClientFrame, context: string): void {
    if (socket === null || !socket.isOpen()) {
      throw new Error(`${context}: ${DISCONNECTED}`)
    }
    socket.send(encodeFrame(frame))
  }

  function handleMessage(data: unknown): void {
    let frame
    try {
      frame = readServerFrame(data)
    } catch (error) {
      problems.emit(withContext(error, 'the studio server sent an unreadable frame'))
      return
    }
    if (frame.kind === 'event') {
      events.emit(frame.event)
      return
    }
    const request = pending.get(frame.id)
    if (request === undefined) {
      problems.emit(
        new Error(`the studio server answered request ${frame.id}, which is not waiting for an answer`),
      )
      return
    }
    pending.delete(frame.id)
    if (!frame.ok) {
      request.reject(deserializeError(frame.error, request.method))
      return
    }
    try {
      request.resolve(parseResult(request.method, frame.result))
    } catch (error) {
      request.reject(withContext(error, request.method))
    }
  }

  function open(onFirstOpen: () => void, onFirstFailure: (error: Error) => void): void {
    retryTimer = null
    setConnection({
      state: 'disconnected',
      reason: hasEverOpened ? 'reconnecting' : 'connecting',
      retryAt: null,
    })
    socket = openSocket(url, {
      onOpen() {
        attempt = 0
        setConnection({ state: 'connected' })
        if (!hasEverOpened) {
          hasEverOpened = true
          onFirstOpen()
          return
        }
        // Events were missed while away: ask the trainer where it is.
        trySend({ kind: 'trainer', command: { type: 'status' } })
      },
      onMessage: handleMessage,
      onClose(code, reason) {
        socket = null
        const why = closeReason(code, reason)
        for (const [id, request] of pending) {
          pending.delete(id)
          request.reject(new Error(`${request.method}: ${DISCONNECTED} (${why})`))
        }
        if (!hasEverOpened) {
          setConnection({ state: 'disconnected', reason: why, retryAt: null })
          onFirstFailure(new Error(`could not connect to the studio server (${why})`))
          return
        }
        scheduleReconnect(why)
      },
    })
  }

  function scheduleReconnect(reason: string): void {
    const delay = RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)]
    attempt++
    setConnection({ state: 'disconnected', reason, retryAt: now() + delay })
    retryTimer = setTimeout(() => open(ignore, ignore), delay)
  }

  function trySend(frame: ClientFrame): void {
    try {
      send(frame, 'trainer status')
    } catch (error) {
      problems.emit(withContext(error, 'after reconnecting'))
    }
  }

  const client: StudioClient = {
    host: 'serve',
    invoke<M extends StudioMethod>(method: M, params: unknown): Promise<StudioResult<M>> {
      return new Promise((resolve, reject) => {
        const id = nextId++
        try {
          send({ kind: 'request', id, method, params }, method)
        } catch (error) {
          reject(error)
          return
        }
        pending.set(id, { method, resolve: resolve as (value: unknown) => void, reject })
      })
    },
    sendTrainer(command: TrainerCommand) {
      send({ kind: 'trainer', command }, `trainer ${command.type}`)
    },
    subscribe: (listener) => events.add(listener),
    subscribeProblems: (listener) => problems.add(listener),
    get connection() {
      return connection
    },
    subscribeConnection: (listener) => connectionListeners.add(listener),
    reconnect() {
      if (socket !== null || retryTimer === null) {
        return
      }
      clearTimeout(retryTimer)
      open(ignore, ignore)
    },
    pathForFile: () => null,
  }

  return new Promise((resolve, reject) => {
    open(() => resolve(client), reject)
  })
}

function ignore(): void {
  // Only the first connection attempt reports to connectServe's promise; later ones report through status.
}

// The renderer's one door to the host: request/response calls, host and trainer events, trainer commands.
// connectStudio() picks the transport: the Electron preload bridge (window.studio + a MessagePort to the
// trainer) or, in a plain browser, serve mode's WebSocket. Screens use only the StudioClient interface.

import type {
  HostKind,
  StudioEvent,
  StudioMethod,
  StudioParams,
  StudioResult,
} from '../../app/protocol/studioApi'
import type { StudioBridge } from '../../app/protocol/studioBridge'
import type { TrainerCommand } from '../../app/protocol/trainerProtocol'
import { createElectronClient } from './electronClient'
import { connectServe } from './serveClient'
import type { SocketHandlers, SocketLike } from './serveClient'

/** Whether the host can be reached. Electron is always connected; serve mode may drop and reconnect. */
export type ConnectionStatus = Readonly<
  | { state: 'connected' }
  /**
   * `reason` is how the connection ended ("code 1006"); `retryAt` is when the next attempt starts (ms since
   * the epoch), null while one is in flight.
   */
  | { state: 'disconnected'; reason: string; retryAt: number | null }
>

export interface StudioClient {
  readonly host: HostKind
  /** One request; rejects with an Error whose message starts with the method name. */
  invoke<M extends StudioMethod>(method: M, params: StudioParams<M>): Promise<StudioResult<M>>
  /** Posts a command to the trainer; throws when it cannot be delivered (serve mode while disconnected). */
  sendTrainer(command: TrainerCommand): void
  /** Host and trainer events, already validated; returns the unsubscribe function. */
  subscribe(listener: (event: StudioEvent) => void): () => void
  /** Problems the client found on its own (malformed frames, a failing listener); for the error banner. */
  subscribeProblems(listener: (problem: Error) => void): () => void
  readonly connection: ConnectionStatus
  subscribeConnection(listener: (status: ConnectionStatus) => void): () => void
  /** Tries to reconnect now instead of waiting for the next attempt; a no-op when connected. */
  reconnect(): void
  /** The filesystem path of a dropped file or folder, or null where the host cannot know it (a browser). */
  pathForFile(file: File): string | null
}

/** Serve mode's WebSocket address for this page: same host, path /api, the page's own access token. */
export function serveSocketUrl(location: Pick<Location, 'protocol' | 'host' | 'search'>): string {
  const token = new URLSearchParams(location.search).get('token') ?? ''
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  return `${scheme}://${location.host}/api?token=${encodeURIComponent(token)}`
}

function openBrowserSocket(url: string, handlers: SocketHandlers): SocketLike {
  const socket = new WebSocket(url)
  socket.onopen = () => handlers.onOpen()
  socket.onmessage = (event) => handlers.onMessage(event.data)
  socket.onclose = (event) => handlers.onClose(event.code, event.reason)
  return {
    send: (text) => socket.send(text),
    close: () => socket.close(),
    isOpen: () => socket.readyState === WebSocket.OPEN,
  }
}

export async function connectStudio(): Promise<StudioClient> {
  const bridge = (window as { studio?: StudioBridge<File> }).studio
  if (bridge !== undefined) {
    return createElectronClient(bridge, window)
  }
  const hasToken = new URLSearchParams(location.search).has('token')
  try {
    return await connectServe(serveSocketUrl(location), openBrowserSocket)
  } catch (error) {
    const hint = hasToken
      ? ''
      : ' The page address has no ?token=…: open the URL that `cnn-studio serve` printed.'
    throw new Error(`${(error as Error).message}.${hint}`)
  }
}

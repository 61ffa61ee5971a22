// The logic of window.studio, with ipcRenderer, webUtils and window.postMessage injected so it is tested
// under Node. preload.ts only wires Electron in. The page gets these four functions and nothing else: no
// ipcRenderer, no channel names of its choosing, no Node.

import type { SerializedError } from '../../app/protocol/errors'
import type { StudioEvent } from '../../app/protocol/studioApi'
import { STUDIO_METHODS } from '../../app/protocol/studioApi'
import type { StudioBridge } from '../../app/protocol/studioBridge'
import { TRAINER_PORT_MESSAGE } from '../../app/protocol/studioBridge'
import { expectOneOf } from '../../app/protocol/validate'
import { STUDIO_EVENT_CHANNEL, TRAINER_CONNECT_CHANNEL, TRAINER_PORT_CHANNEL } from './ipcChannels'

export type ClosablePort = { close(): void }
type IpcListener = (event: { ports: readonly ClosablePort[] }, ...args: unknown[]) => void

/** The parts of Electron's ipcRenderer the bridge uses. */
export type IpcRendererLike = {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  send(channel: string, ...args: unknown[]): void
  on(channel: string, listener: IpcListener): unknown
  removeListener(channel: string, listener: IpcListener): unknown
}

export type PreloadDeps = Readonly<{
  ipcRenderer: IpcRendererLike
  /** webUtils.getPathForFile */
  getPathForFile(file: unknown): string
  /** window.postMessage(message, '*', ports): how the port reaches the page (it cannot cross contextBridge). */
  postToPage(message: string, ports: ClosablePort[]): void
}>

function isSerializedError(value: unknown): value is SerializedError {
  const error = value as SerializedError | null
  return (
    typeof error === 'object' && error !== null && typeof error.message === 'string' && typeof error.name === 'string'
  )
}

/**
 * Turns main's InvokeOutcome back into a result or a rejection. The error keeps its own message; the
 * renderer's client adds the method as context. (contextBridge copies only an Error's message reliably.)
 */
export function unwrapInvokeOutcome(outcome: unknown, method: string): unknown {
  const envelope = outcome as { ok?: unknown; result?: unknown; error?: unknown } | null
  if (typeof envelope === 'object' && envelope !== null) {
    if (envelope.ok === true) {
      return envelope.result
    }
    if (envelope.ok === false && isSerializedError(envelope.error)) {
      const error = new Error(envelope.error.message)
      error.name = envelope.error.name
      throw error
    }
  }
  throw new Error(`the main process answered ${method} with something that is not an invoke outcome`)
}

export function createStudioBridge(deps: PreloadDeps): StudioBridge {
  const { ipcRenderer } = deps
  // Ports main sends that the page did not ask for are closed, not forwarded.
  let pendingConnects = 0
  ipcRenderer.on(TRAINER_PORT_CHANNEL, (event) => {
    const ports = [...event.ports]
    if (pendingConnects === 0 || ports.length !== 1) {
      ports.forEach((port) => port.close())
      return
    }
    pendingConnects -= 1
    deps.postToPage(TRAINER_PORT_MESSAGE, ports)
  })

  return {
    async invoke(method, params) {
      const channel = expectOneOf(method, 'window.studio.invoke method', STUDIO_METHODS)
      return unwrapInvokeOutcome(await ipcRenderer.invoke(channel, params), channel)
    },
    onEvent(listener) {
      const forward: IpcListener = (_event, payload) => listener(payload as StudioEvent)
      ipcRenderer.on(STUDIO_EVENT_CHANNEL, forward)
      return () => {
        ipcRenderer.removeListener(STUDIO_EVENT_CHANNEL, forward)
      }
    },
    connectTrainer() {
      pendingConnects += 1
      ipcRenderer.send(TRAINER_CONNECT_CHANNEL)
    },
    pathForFile(file) {
      try {
        return deps.getPathForFile(file)
      } catch (error) {
        const reason = (error as Error).message
        throw new Error(`window.studio.pathForFile: expected a File from a drop or a file input (${reason})`)
      }
    },
  }
}

// What the Electron preload exposes to the page as `window.studio`. Allow-listed and typed;
// the renderer's transport module is its only user. The trainer's MessagePort does not cross
// contextBridge: the preload posts it to the page with window.postMessage after `connectTrainer`.

import type { StudioEvent } from './studioApi'

/** The `window.postMessage` data that carries the trainer port (the port is in `event.ports[0]`). */
export const TRAINER_PORT_MESSAGE = 'cnn-studio:trainer-port'

export interface StudioBridge<FileLike = unknown> {
  /** A StudioRequests call; the channel must be one of STUDIO_METHODS. */
  invoke(method: string, params: unknown): Promise<unknown>
  /** Host events; returns an unsubscribe function. */
  onEvent(listener: (event: StudioEvent) => void): () => void
  /** Asks main for a port to the trainer; it arrives as a window message tagged TRAINER_PORT_MESSAGE. */
  connectTrainer(): void
  /** The filesystem path of a dropped file or folder (Electron's webUtils.getPathForFile). */
  pathForFile(file: FileLike): string
}

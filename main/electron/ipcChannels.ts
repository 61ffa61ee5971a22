// The Electron-only IPC vocabulary shared by main and the preload: channel names beside the StudioRequests
// channels, and the envelope an invoke answers with. Not a cross-host contract (serve mode never sees
// these); that lives in app/protocol. No electron import, so main, preload and tests can all load it.

import type { SerializedError } from '../../app/protocol/errors'

/** main → page: one StudioEvent per message. */
export const STUDIO_EVENT_CHANNEL = 'studio:event'
/** page → main: "please send me a port to the trainer" (no payload). */
export const TRAINER_CONNECT_CHANNEL = 'trainer:connect'
/** main → preload: the MessagePort to the trainer, in `event.ports[0]`. */
export const TRAINER_PORT_CHANNEL = 'trainer:port'

/** Every channel the shell listens on or sends to; a STUDIO_METHODS name must never collide with one. */
export const SHELL_CHANNELS: readonly string[] = [
  STUDIO_EVENT_CHANNEL,
  TRAINER_CONNECT_CHANNEL,
  TRAINER_PORT_CHANNEL,
]

/**
 * What an invoke resolves to. ipcMain.handle would flatten a thrown error to its message, so main answers
 * with an envelope and the preload turns `ok: false` back into a rejection carrying name and message.
 */
export type InvokeOutcome = Readonly<{ ok: true; result: unknown } | { ok: false; error: SerializedError }>

// The gate between IPC and StudioService: every message must come from our window's main frame showing our
// own page, every invoke must name a StudioRequests channel with an object of parameters, and whatever the
// service throws goes back as a SerializedError envelope. Knows nothing of ipcMain; main.ts registers it.

import { serializeError } from '../../app/protocol/errors'
import { STUDIO_METHODS } from '../../app/protocol/studioApi'
import { expectOneOf, expectRecord } from '../../app/protocol/validate'
import type { InvokeOutcome } from './ipcChannels'

/** The parts of an IpcMainEvent / IpcMainInvokeEvent the checks read. */
export type IpcSenderEvent = Readonly<{
  sender: { id: number }
  senderFrame: { url: string; parent: unknown } | null
}>

export type SenderPolicy = Readonly<{
  /** The id of our window's web contents, or null while there is no window. */
  trustedContentsId: () => number | null
  isOwnPageUrl: (url: string) => boolean
}>

export type StudioHandler = { handle(method: string, params: unknown): Promise<unknown> }

export type StudioIpcRouter = Readonly<{
  /** For ipcMain.handle(channel): always resolves, with the result or the error. */
  invoke(channel: string, event: IpcSenderEvent, params: unknown): Promise<InvokeOutcome>
  /** For ipcMain.on(channel): whether to act on the message (rejections are logged). */
  acceptsMessage(channel: string, event: IpcSenderEvent): boolean
}>

/** Thrown for a message from anything but our page; the UI never branches on it, the log reads it. */
export class ForbiddenSenderError extends Error {
  override name = 'ForbiddenSenderError'
}

/** Why a sender is refused, or null when it is our window's main frame showing our page. */
export function senderRejection(event: IpcSenderEvent, policy: SenderPolicy): string | null {
  const frame = event.senderFrame
  if (frame === null) {
    return 'the sending frame is gone (it navigated away or was destroyed)'
  }
  if (event.sender.id !== policy.trustedContentsId()) {
    return `web contents ${event.sender.id} is not the CNN Studio window`
  }
  if (frame.parent !== null) {
    return `a subframe (${JSON.stringify(frame.url)}) may not use the studio API`
  }
  if (!policy.isOwnPageUrl(frame.url)) {
    return `the page ${JSON.stringify(frame.url)} is not CNN Studio's own page`
  }
  return null
}

export function createStudioIpcRouter(options: {
  service: StudioHandler
  policy: SenderPolicy
  log: (message: string) => void
}): StudioIpcRouter {
  const { service, policy, log } = options

  function checkSender(channel: string, event: IpcSenderEvent): void {
    const reason = senderRejection(event, policy)
    if (reason !== null) {
      const message = `IPC '${channel}' refused: ${reason}`
      log(message)
      throw new ForbiddenSenderError(message)
    }
  }

  return {
    async invoke(channel, event, params) {
      try {
        checkSender(channel, event)
        const method = expectOneOf(channel, 'IPC channel', STUDIO_METHODS)
        const checkedParams = expectRecord(params, `${method} params`)
        return { ok: true, result: await service.handle(method, checkedParams) }
      } catch (error) {
        return { ok: false, error: serializeError(error) }
      }
    },
    acceptsMessage(channel, event) {
      try {
        checkSender(channel, event)
        return true
      } catch {
        return false // already logged by checkSender; a foreign sender gets no answer at all
      }
    },
  }
}

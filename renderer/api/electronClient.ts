// Electron's StudioClient: requests and host events through the preload bridge (window.studio); trainer
// traffic straight over a MessagePort that the preload posts to the page after connectTrainer(), so step
// events never pass through the main process. Window and bridge are injected for tests.

import type { StudioEvent, StudioMethod, StudioResult } from '../../app/protocol/studioApi'
import { TRAINER_PORT_MESSAGE } from '../../app/protocol/studioBridge'
import type { StudioBridge } from '../../app/protocol/studioBridge'
import type { TrainerCommand } from '../../app/protocol/trainerProtocol'
import { errorMessage, withContext } from '../shared/errorText'
import { parseStudioEvent, parseTrainerEvent } from './incomingEvents'
import { parseResult } from './incomingResults'
import { createListenerSet, createProblemChannel } from './listenerSet'
import type { StudioClient } from './studioClient'

/** The part of a MessagePort the client uses (a browser MessagePort fits). */
export type PortLike = {
  onmessage: ((event: MessageEvent) => void) | null
  postMessage(message: unknown): void
  close(): void
}

/** The window the preload posts the port to; `source` of the message must be this same object. */
export type MessageWindow = {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void
}

// Should a remote error arrive raw, ipcRenderer.invoke words it
// "Error invoking remote method 'x': Error: message"; the method name is added back as context.
const REMOTE_PREFIX = /^Error invoking remote method '[^']*': (?:[A-Za-z]*Error: )?/

export function createElectronClient(bridge: StudioBridge<File>, target: MessageWindow): StudioClient {
  const problems = createProblemChannel()
  const events = createListenerSet<StudioEvent>((error) =>
    problems.emit(withContext(error, 'event listener')),
  )
  let port: PortLike | null = null
  const queued: TrainerCommand[] = []

  function acceptPort(next: PortLike): void {
    port?.close()
    port = next
    next.onmessage = (message) => {
      try {
        events.emit({ type: 'trainer', event: parseTrainerEvent(message.data) })
      } catch (error) {
        problems.emit(withContext(error, 'the trainer sent an unreadable message'))
      }
    }
    for (const command of queued.splice(0)) {
      next.postMessage(command)
    }
  }

  target.addEventListener('message', (message) => {
    if (message.source !== target || message.data !== TRAINER_PORT_MESSAGE) {
      return // other window messages (devtools, extensions) are not ours
    }
    const received = message.ports[0]
    if (received === undefined) {
      problems.emit(new Error('the trainer connection message arrived without its port'))
      return
    }
    acceptPort(received)
  })

  bridge.onEvent((raw) => {
    let event: StudioEvent
    try {
      event = parseStudioEvent(raw)
    } catch (error) {
      problems.emit(withContext(error, 'the studio sent an unreadable event'))
      return
    }
    if (event.type === 'trainerExited') {
      // The port died with the trainer; ask for a port to the next one, queueing commands until it arrives.
      port?.close()
      port = null
      bridge.connectTrainer()
    }
    events.emit(event)
  })
  bridge.connectTrainer()

  return {
    host: 'electron',
    async invoke<M extends StudioMethod>(method: M, params: unknown): Promise<StudioResult<M>> {
      let result: unknown
      try {
        result = await bridge.invoke(method, params)
      } catch (error) {
        const rethrown = withContext(errorMessage(error).replace(REMOTE_PREFIX, ''), method)
        rethrown.name = error instanceof Error ? error.name : rethrown.name
        throw rethrown
      }
      try {
        return parseResult(method, result)
      } catch (error) {
        throw withContext(error, method)
      }
    },
    sendTrainer(command) {
      if (port === null) {
        queued.push(command)
        return
      }
      port.postMessage(command)
    },
    subscribe: (listener) => events.add(listener),
    subscribeProblems: (listener) => problems.add(listener),
    connection: { state: 'connected' },
    subscribeConnection: () => () => {},
    reconnect() {
      // The bridge cannot drop; nothing to do.
    },
    pathForFile: (file) => bridge.pathForFile(file) || null,
  }
}

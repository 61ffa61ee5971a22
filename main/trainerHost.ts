// Owns the trainer process: starts it on demand (through an injected fork, so the same code runs under
// Electron's utilityProcess and Node's child_process), checks the version handshake, validates every event
// before passing it on, and reports an unexpected exit. It does not interpret training; listeners do.

import { serializeError } from '../app/protocol/errors'
import type { TrainerCommand, TrainerEvent } from '../app/protocol/trainerProtocol'
import { TRAINER_PROTOCOL_VERSION } from '../app/protocol/trainerProtocol'
import { validateTrainerEvent } from '../app/protocol/validateTrainer'

/** The part of a child process the host uses; adapters wrap utilityProcess or child_process into it. */
export type TrainerChild = {
  postMessage(message: unknown, transfer?: unknown[]): void
  onMessage(listener: (message: unknown) => void): void
  onExit(listener: (code: number | null, signal: string | null) => void): void
  kill(): void
}

export type ForkTrainer = () => TrainerChild

type EventListener = (event: TrainerEvent) => void
type ExitListener = (code: number | null, signal: string | null) => void

export class TrainerHost {
  private child: TrainerChild | null = null
  private readonly eventListeners = new Set<EventListener>()
  private readonly exitListeners = new Set<ExitListener>()
  private isDisposed = false

  constructor(private readonly fork: ForkTrainer) {}

  /** The running child, starting one if there is none (the first or after a crash). */
  ensureStarted(): TrainerChild {
    if (this.isDisposed) {
      throw new Error('the trainer host was shut down')
    }
    if (this.child) {
      return this.child
    }
    const child = this.fork()
    this.child = child
    let hasHandshake = false
    child.onMessage((message) => {
      let event: TrainerEvent
      try {
        event = validateTrainerEvent(message)
        if (!hasHandshake) {
          checkHandshake(event)
          hasHandshake = true
        }
      } catch (error) {
        this.emit({ type: 'error', error: serializeError(error), command: null })
        return
      }
      this.emit(event)
    })
    child.onExit((code, signal) => {
      if (this.child === child) {
        this.child = null
      }
      if (!this.isDisposed) {
        for (const listener of this.exitListeners) {
          listener(code, signal)
        }
      }
    })
    return child
  }

  send(command: TrainerCommand): void {
    this.ensureStarted().postMessage(command)
  }

  onEvent(listener: EventListener): () => void {
    this.eventListeners.add(listener)
    return () => this.eventListeners.delete(listener)
  }

  /** Unexpected exits only: not reported after dispose(). */
  onExit(listener: ExitListener): () => void {
    this.exitListeners.add(listener)
    return () => this.exitListeners.delete(listener)
  }

  dispose(): void {
    this.isDisposed = true
    this.child?.kill()
    this.child = null
  }

  private emit(event: TrainerEvent): void {
    for (const listener of this.eventListeners) {
      listener(event)
    }
  }
}

function checkHandshake(event: TrainerEvent): void {
  if (event.type !== 'ready') {
    throw new Error(`trainer handshake: expected a 'ready' event first, got '${event.type}'`)
  }
  if (event.protocolVersion !== TRAINER_PROTOCOL_VERSION) {
    throw new Error(
      `trainer handshake: the trainer speaks protocol ${event.protocolVersion}, this host ${TRAINER_PROTOCOL_VERSION}; ` +
        'reinstall CNN Studio so both parts come from the same version',
    )
  }
}

// A tiny listener registry for the client's event streams. A listener that throws does not stop the others:
// its error goes to `onListenerError`, so it is surfaced rather than lost. Not an event bus for the app.

export interface ListenerSet<T> {
  /** Adds a listener; returns the function that removes it. */
  add(listener: (value: T) => void): () => void
  emit(value: T): void
  readonly size: number
}

export function createListenerSet<T>(onListenerError: (error: unknown) => void): ListenerSet<T> {
  const listeners = new Set<(value: T) => void>()
  return {
    add(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    emit(value) {
      for (const listener of [...listeners]) {
        try {
          listener(value)
        } catch (error) {
          onListenerError(error)
        }
      }
    },
    get size() {
      return listeners.size
    },
  }
}

/**
 * Problems the client meets on its own (a malformed frame, a listener that threw). They are kept until the
 * first subscriber arrives, so an error during start-up still reaches the error banner.
 */
export function createProblemChannel(keep = 20): ListenerSet<Error> {
  const early: Error[] = []
  // Last resort for a problem listener that itself throws: the console is all that is left.
  const listeners = createListenerSet<Error>((error) => console.error('problem listener failed', error))
  return {
    add(listener) {
      const remove = listeners.add(listener)
      for (const problem of early.splice(0)) {
        listener(problem)
      }
      return remove
    },
    emit(problem) {
      if (listeners.size === 0) {
        // Once subscribed, the error log writes problems to the console; until then this is the record.
        console.error(problem)
        early.push(problem)
        early.splice(0, Math.max(0, early.length - keep))
        return
      }
      listeners.emit(problem)
    },
    get size() {
      return listeners.size
    },
  }
}

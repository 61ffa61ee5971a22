// Errors as they cross a process boundary: plain data, re-thrown on the far side with context.
// Not a place for error classes the UI branches on; those come when a screen needs one.

/** An error flattened for structured clone, JSON or a WebSocket frame. */
export type SerializedError = Readonly<{ name: string; message: string; stack?: string }>

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, stack: error.stack }
  }
  return { name: 'Error', message: String(error) }
}

/** Rebuilds an Error, prefixing the message with where it came from ("trainer start: …"). */
export function deserializeError(error: SerializedError, context: string): Error {
  const rebuilt = new Error(`${context}: ${error.message}`)
  rebuilt.name = error.name
  if (error.stack !== undefined) {
    rebuilt.stack = `${rebuilt.name}: ${rebuilt.message}\n--- remote stack ---\n${error.stack}`
  }
  return rebuilt
}

/** Thrown when a value from outside (a message, a flag, a file) does not have the expected shape. */
export class ValidationError extends Error {
  override name = 'ValidationError'
}

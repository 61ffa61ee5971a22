// Turning whatever was thrown into something a person can read. Kept tiny and DOM-free so the API layer,
// the screens and the tests share one wording.

/** The message of an Error, or the thrown value as text. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    return error.message
  }
  return String(error)
}

/** A new Error whose message says where the problem happened: "datasets:sample: no such folder". */
export function withContext(error: unknown, context: string): Error {
  const wrapped = new Error(`${context}: ${errorMessage(error)}`)
  if (error instanceof Error) {
    wrapped.name = error.name
  }
  return wrapped
}

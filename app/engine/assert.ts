// The engine's one precondition check: called once per kernel or layer call at the edge, never in inner loops.
// The message is built lazily, so a passing check costs a comparison and nothing else.

/** Throws an Error with the message (naming the function, the value received and the value expected). */
export function assert(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) {
    throw new Error(typeof message === 'string' ? message : message())
  }
}

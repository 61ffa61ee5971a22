// The one bound every count from the host is checked against (images, steps, bytes, ids), so the parsers of
// results and events agree on what a sane count is.

import { expectInteger } from '../../app/protocol/validate'

export const COUNT_MAX = 1e12

/** A whole number from 0 to COUNT_MAX; the error names `path`. */
export function expectCount(value: unknown, path: string): number {
  return expectInteger(value, path, 0, COUNT_MAX)
}

// The list behind the error banner: newest last, repeated messages folded into a count, capped so a
// storm of identical failures cannot grow it without bound. Pure functions; useErrorLog.ts holds the state.

export type ErrorEntry = Readonly<{ id: number; message: string; repeats: number }>

export const MAX_ERRORS = 5

export function addError(entries: readonly ErrorEntry[], message: string, id: number): readonly ErrorEntry[] {
  const same = entries.findIndex((entry) => entry.message === message)
  if (same >= 0) {
    const entry = entries[same]
    return [...entries.slice(0, same), ...entries.slice(same + 1), { ...entry, repeats: entry.repeats + 1 }]
  }
  return [...entries, { id, message, repeats: 1 }].slice(-MAX_ERRORS)
}

export function removeError(entries: readonly ErrorEntry[], id: number): readonly ErrorEntry[] {
  return entries.filter((entry) => entry.id !== id)
}

// State for the error banner, fed by the screens (through StudioContext) and by the client's own problems
// (unreadable frames, failing listeners). Every message is also written to the console for devtools.

import { useCallback, useEffect, useRef, useState } from 'react'
import type { StudioClient } from '../api/studioClient'
import { errorMessage } from '../shared/errorText'
import { addError, removeError } from './errorLog'
import type { ErrorEntry } from './errorLog'

export type ErrorLog = Readonly<{
  errors: readonly ErrorEntry[]
  report(error: unknown, context?: string): void
  dismiss(id: number): void
  dismissAll(): void
}>

export function useErrorLog(client: StudioClient): ErrorLog {
  const [errors, setErrors] = useState<readonly ErrorEntry[]>([])
  const nextId = useRef(1)

  const report = useCallback((error: unknown, context?: string) => {
    const message = context === undefined ? errorMessage(error) : `${context}: ${errorMessage(error)}`
    console.error(message, error)
    const id = nextId.current++
    setErrors((entries) => addError(entries, message, id))
  }, [])

  useEffect(() => client.subscribeProblems((problem) => report(problem)), [client, report])

  const dismiss = useCallback((id: number) => setErrors((entries) => removeError(entries, id)), [])
  const dismissAll = useCallback(() => setErrors([]), [])
  return { errors, report, dismiss, dismissAll }
}

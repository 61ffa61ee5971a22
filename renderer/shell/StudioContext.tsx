// What every feature may reach without prop drilling: the client and the way to report an error to the
// banner. Deliberately small; screen state (the chosen dataset, the model) is passed as props by App.

import { createContext, useContext } from 'react'
import type { StudioClient } from '../api/studioClient'

export type Studio = Readonly<{
  client: StudioClient
  /** Shows the error in the banner; `context` prefixes the message ("Opening the sample: …"). */
  reportError(error: unknown, context?: string): void
}>

export const StudioContext = createContext<Studio | null>(null)

export function useStudio(): Studio {
  const studio = useContext(StudioContext)
  if (studio === null) {
    throw new Error('useStudio: no StudioContext above this component (App provides it)')
  }
  return studio
}

// The client's connection status as React state (serve mode can drop and reconnect; Electron never does).

import { useSyncExternalStore } from 'react'
import type { ConnectionStatus, StudioClient } from '../api/studioClient'

export function useConnection(client: StudioClient): ConnectionStatus {
  return useSyncExternalStore(
    (onChange) => client.subscribeConnection(onChange),
    () => client.connection,
  )
}

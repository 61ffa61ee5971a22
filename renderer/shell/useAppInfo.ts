// Asks the host who it is (name, version, whether it can open folder paths) for the rail and the Data
// screen; asks again after a reconnect if the first answer never came.

import { useEffect, useState } from 'react'
import type { AppInfo } from '../../app/protocol/studioApi'
import type { StudioClient } from '../api/studioClient'
import { useConnection } from './useConnection'

export function useAppInfo(
  client: StudioClient,
  reportError: (error: unknown, context?: string) => void,
): AppInfo | null {
  const [info, setInfo] = useState<AppInfo | null>(null)
  const isConnected = useConnection(client).state === 'connected'
  const isMissing = info === null
  useEffect(() => {
    if (!isConnected || !isMissing) {
      return
    }
    let isCurrent = true
    client.invoke('app:info', {}).then(
      (result) => isCurrent && setInfo(result),
      (error: unknown) => isCurrent && reportError(error, 'Asking the studio who it is'),
    )
    return () => {
      isCurrent = false
    }
  }, [client, reportError, isConnected, isMissing])
  return info
}

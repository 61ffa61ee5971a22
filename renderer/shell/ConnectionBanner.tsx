// Says plainly when the browser has lost the studio server, when it will try again, and offers to try now.
// Shown only in serve mode after a connection was lost; requests fail fast meanwhile (see serveClient).

import { useEffect, useState } from 'react'
import type { StudioClient } from '../api/studioClient'
import { useConnection } from './useConnection'

export function ConnectionBanner({ client }: Readonly<{ client: StudioClient }>) {
  const status = useConnection(client)
  const [now, setNow] = useState(() => Date.now())
  const isDisconnected = status.state === 'disconnected'

  useEffect(() => {
    if (!isDisconnected) {
      return
    }
    const timer = window.setInterval(() => setNow(Date.now()), 500)
    return () => window.clearInterval(timer)
  }, [isDisconnected])

  if (status.state === 'connected') {
    return null
  }
  const seconds = status.retryAt === null ? null : Math.max(0, Math.ceil((status.retryAt - now) / 1000))
  return (
    <div className="banner banner-warning" role="status" data-testid="connection-banner">
      <span className="banner-message">
        <strong>Disconnected from the studio server.</strong>{' '}
        {seconds === null ? 'Reconnecting…' : `Trying again in ${seconds} s.`}
        <span className="banner-detail"> ({status.reason})</span>
      </span>
      <button
        type="button"
        className="button"
        onClick={() => client.reconnect()}
        disabled={status.retryAt === null}
      >
        Reconnect now
      </button>
    </div>
  )
}

// The pages shown before the studio is reachable: connecting, and could-not-connect with what to do.

import { errorMessage } from '../shared/errorText'
import { LogoMark } from './icons'

export function Connecting() {
  return (
    <div className="splash" role="status">
      <LogoMark />
      <p className="muted">Connecting to the studio…</p>
    </div>
  )
}

export function ConnectFailed({ error }: Readonly<{ error: unknown }>) {
  return (
    <div className="splash" role="alert" data-testid="connect-failed">
      <LogoMark />
      <h1>Cannot reach the studio</h1>
      <p className="muted splash-message">{errorMessage(error)}</p>
      <p className="muted small">
        Check that <code>cnn-studio serve</code> is still running, then try again.
      </p>
      <button type="button" className="button button-primary" onClick={() => window.location.reload()}>
        Try again
      </button>
    </div>
  )
}

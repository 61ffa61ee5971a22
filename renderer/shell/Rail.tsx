// The left rail: the app's name, one button per screen with its shortcut, and where the studio runs.

import type { AppInfo } from '../../app/protocol/studioApi'
import type { ConnectionStatus } from '../api/studioClient'
import { LogoMark, ScreenIcon } from './icons'
import { SCREENS, shortcutLabel } from './screens'
import type { ScreenId } from './screens'

type Props = Readonly<{
  current: ScreenId
  onSelect(screen: ScreenId): void
  info: AppInfo | null
  host: 'electron' | 'serve'
  connection: ConnectionStatus
}>

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent)

export function Rail({ current, onSelect, info, host, connection }: Props) {
  const isConnected = connection.state === 'connected'
  return (
    <nav className="rail" aria-label="Screens">
      <div className="rail-brand">
        <LogoMark />
        <span className="rail-title">CNN Studio</span>
      </div>
      <ul className="rail-list">
        {SCREENS.map((screen) => (
          <li key={screen.id}>
            <button
              type="button"
              className="rail-item"
              aria-current={screen.id === current ? 'page' : undefined}
              data-testid={`nav-${screen.id}`}
              onClick={() => onSelect(screen.id)}
              title={`${screen.subtitle} (${shortcutLabel(screen.shortcutKey, isMac)})`}
            >
              <ScreenIcon screen={screen.id} />
              <span className="rail-label">{screen.title}</span>
              <kbd className="rail-shortcut">{shortcutLabel(screen.shortcutKey, isMac)}</kbd>
            </button>
          </li>
        ))}
      </ul>
      <div className="rail-footer" data-testid="connection-status" data-state={connection.state}>
        <span className={`dot ${isConnected ? 'dot-ok' : 'dot-warning'}`} aria-hidden="true" />
        <span className="rail-footer-text">
          <span>{isConnected ? 'Connected' : 'Disconnected'}</span>
          <span className="rail-version">
            {host === 'electron' ? 'Desktop app' : 'Browser'}
            {info !== null && ` · v${info.version}`}
          </span>
        </span>
      </div>
    </nav>
  )
}

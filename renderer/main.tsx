// Entry point of the renderer: connect to the host (Electron bridge or serve mode's WebSocket), then show
// the studio, or a clear page saying why it could not connect and how to retry.

import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { connectStudio } from './api/studioClient'
import { App } from './App'
import { ConnectFailed, Connecting } from './shell/ConnectFailed'
import './styles/theme.css'
import './styles/base.css'
import './shell/shell.css'

const container = document.getElementById('root')
if (container === null) {
  throw new Error('index.html has no #root element')
}
const root = createRoot(container)
root.render(<Connecting />)

connectStudio().then(
  (client) =>
    root.render(
      <StrictMode>
        <App client={client} />
      </StrictMode>,
    ),
  (error: unknown) => root.render(<ConnectFailed error={error} />),
)

// Where data comes from: the one-click sample, a dropped folder (desktop) or a folder path on the server
// (browser), plus the progress of the request that is running. Large and friendly before any data is
// chosen, a compact toolbar afterwards.

import { useState } from 'react'
import type { FormEvent } from 'react'
import type { HostKind } from '../../../app/protocol/studioApi'
import type { DatasetLoader } from './useDatasetLoader'

type Props = Readonly<{
  loader: DatasetLoader
  host: HostKind
  canOpenFolderPaths: boolean
  isCompact: boolean
}>

export function OpenDataPanel({ loader, host, canOpenFolderPaths, isCompact }: Props) {
  const [path, setPath] = useState('')
  const isBusy = loader.busyWith !== null

  function onSubmit(event: FormEvent): void {
    event.preventDefault()
    const trimmed = path.trim()
    if (trimmed !== '') {
      loader.openFolder(trimmed)
    }
  }

  return (
    <section
      className={isCompact ? 'card open-data open-data-compact' : 'card open-data'}
      aria-label="Open data"
    >
      {!isCompact && (
        <div className="open-data-intro">
          <h2>Bring your images</h2>
          <p className="muted">
            A folder with one subfolder per class (<code>cats/</code>, <code>dogs/</code> …), optionally split
            into <code>train/</code>, <code>val/</code> and <code>test/</code>. PNG, JPEG, WebP, GIF, BMP or
            TIFF.
          </p>
        </div>
      )}
      <div className="open-data-actions">
        <button
          type="button"
          className="button button-primary"
          data-testid="sample-button"
          disabled={isBusy}
          onClick={loader.openSample}
        >
          Try the sample
        </button>
        {host === 'electron' ? (
          <span className="drop-hint">or drop a folder anywhere on this window</span>
        ) : (
          <form className="path-form" onSubmit={onSubmit}>
            <label className="path-label" htmlFor="folder-path">
              or open a folder on the server
            </label>
            <input
              id="folder-path"
              className="input path-input"
              data-testid="folder-path-input"
              type="text"
              placeholder="/home/me/pictures/plants"
              value={path}
              spellCheck={false}
              autoComplete="off"
              disabled={!canOpenFolderPaths}
              onChange={(event) => setPath(event.target.value)}
            />
            <button
              type="submit"
              className="button"
              data-testid="open-folder-button"
              disabled={isBusy || !canOpenFolderPaths || path.trim() === ''}
            >
              Open folder
            </button>
          </form>
        )}
      </div>
      {!canOpenFolderPaths && host === 'serve' && (
        <p className="muted small">
          This server was started without access to folders; only the sample is available.
        </p>
      )}
      {isBusy && (
        <div className="progress-row" role="status" data-testid="data-progress">
          <div className="progress-bar progress-indeterminate">
            <div />
          </div>
          <span className="muted">Opening {loader.busyWith}…</span>
        </div>
      )}
    </section>
  )
}

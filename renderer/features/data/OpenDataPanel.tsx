// Where data comes from: the one-click sample, a dropped folder (anywhere on the window), a folder path on the
// host (serve mode), plus the running import's progress and the last error or notice. Large and friendly
// before any data is chosen, a compact toolbar afterwards.

import { useState } from 'react'
import type { FormEvent } from 'react'
import type { HostKind } from '../../../app/protocol/studioApi'
import { ImportProgressBar } from './ImportProgressBar'
import { LoaderMessageView } from './LoaderMessageView'
import { UploadFolderButton } from './UploadFolderButton'
import type { DatasetLoader } from './useDatasetLoader'

type Props = Readonly<{
  loader: DatasetLoader
  host: HostKind
  canOpenFolderPaths: boolean
  /** Serve mode: the host takes a folder uploaded from this browser. */
  canUploadFolders: boolean
  isCompact: boolean
}>

export function OpenDataPanel({ loader, host, canOpenFolderPaths, canUploadFolders, isCompact }: Props) {
  const [path, setPath] = useState('')
  const isBusy = loader.busyWith !== null

  function onSubmit(event: FormEvent): void {
    event.preventDefault()
    const trimmed = path.trim()
    if (trimmed !== '') {
      loader.importFrom({ kind: 'path', path: trimmed })
    }
  }

  return (
    <section className={isCompact ? 'card open-data open-data-compact' : 'card open-data'}
      aria-label="Open data">
      {!isCompact && (
        <div className="open-data-intro">
          <h2>Bring your images</h2>
          <p className="muted">
            A folder with one subfolder per class (<code>cats/</code>, <code>dogs/</code> …), optionally split
            into <code>train/</code>, <code>val/</code> and <code>test/</code>; PNG, JPEG, WebP, GIF, BMP, TIFF or
            AVIF. Also MNIST-style IDX files, CIFAR-10 batches, or a CSV of <code>path,label</code>.
          </p>
        </div>
      )}
      <div className="open-data-actions">
        <button type="button" className="button button-primary" data-testid="sample-button" disabled={isBusy}
          onClick={loader.openSample}>
          Try the sample
        </button>
        {host === 'serve' && canUploadFolders && (
          <UploadFolderButton disabled={isBusy}
            onUploaded={(uploadId) => loader.importFrom({ kind: 'upload', uploadId })} />
        )}
        <span className="drop-hint">or drop a folder anywhere on this window</span>
        {host === 'serve' && (
          <form className="path-form" onSubmit={onSubmit}>
            <label className="path-label" htmlFor="folder-path">
              or open a path on the server
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
            <button type="submit" className="button" data-testid="open-folder-button"
              disabled={isBusy || !canOpenFolderPaths || path.trim() === ''}>
              Import
            </button>
          </form>
        )}
      </div>
      {!canOpenFolderPaths && host === 'serve' && (
        <p className="muted small">
          This server was started without access to its folders
          {canUploadFolders ? '; choose or drop a folder to upload it instead.' : '; only the sample is available.'}
        </p>
      )}
      <ImportProgressBar loader={loader} />
      {loader.message !== null && (
        <LoaderMessageView message={loader.message} onDismiss={loader.dismissMessage} />
      )}
    </section>
  )
}

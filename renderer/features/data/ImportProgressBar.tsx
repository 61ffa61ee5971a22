// The running import: what it is doing, a bar that fills with the files done, images per second, time left,
// and Cancel (or Escape). The sample has no progress events, so its bar slides until it arrives.

import { useEffect } from 'react'
import { ProgressBar } from '../../shared/ProgressBar'
import { describeProgress } from './importProgress'
import type { DatasetLoader } from './useDatasetLoader'

export function ImportProgressBar({ loader }: Readonly<{ loader: DatasetLoader }>) {
  const { busyWith, progress, cancel, cancelImport } = loader
  const canCancel = cancel === 'available'
  useEffect(() => {
    if (!canCancel) {
      return
    }
    function onKey(event: KeyboardEvent): void {
      // An open dialog (a doctor file) takes Escape for itself.
      if (event.key === 'Escape' && !event.defaultPrevented && document.querySelector('dialog[open]') === null) {
        event.preventDefault()
        cancelImport()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [canCancel, cancelImport])

  if (busyWith === null) {
    return null
  }
  const description = describeProgress(progress)
  return (
    <div className="import-progress" role="status" data-testid="data-progress"
      data-phase={progress?.phase ?? 'starting'} data-done={progress?.done ?? 0}>
      <div className="import-progress-text">
        <span className="import-progress-title" title={busyWith}>
          <strong>{description.phase}</strong> <span className="muted">in {busyWith}</span>
        </span>
        <span className="import-progress-numbers muted small">
          {[description.counts, description.rate, description.eta].filter(Boolean).join(' · ')}
        </span>
      </div>
      <div className="import-progress-row">
        <ProgressBar fraction={description.fraction} label="Import progress" />
        {cancel !== 'unavailable' && (
          <button type="button" className="button" data-testid="cancel-import" onClick={cancelImport}
            disabled={!canCancel} title="Stop the import (Escape); the dataset shown stays as it was">
            {canCancel ? 'Cancel' : 'Cancelling…'}
          </button>
        )}
      </div>
    </div>
  )
}

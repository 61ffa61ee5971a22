// The files behind a doctor finding or a skipped file, in a modal panel: the finding's advice on top and each
// file (up to four, duplicates side by side) below. Escape or Close returns focus to the path clicked.

import { useEffect, useRef } from 'react'
import type { DatasetSummary } from '../../../app/protocol/studioApi'
import type { FileRequest } from './doctorView'
import { SourceFileView } from './SourceFileView'

type Props = Readonly<{ dataset: DatasetSummary; request: FileRequest | null; onClose(): void }>

export function SourceFileDialog({ dataset, request, onClose }: Props) {
  const dialogRef = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const dialog = dialogRef.current
    if (dialog === null) {
      return
    }
    if (request !== null && !dialog.open) {
      dialog.showModal()
    } else if (request === null && dialog.open) {
      dialog.close()
    }
  }, [request])

  return (
    <dialog ref={dialogRef} className="source-dialog" data-testid="source-dialog" aria-labelledby="source-dialog-title"
      onClose={onClose} onClick={(event) => event.target === event.currentTarget && onClose()}>
      {request !== null && (
        <div className="source-dialog-body">
          <header className="source-dialog-head">
            <h2 id="source-dialog-title" className="card-title">{request.title}</h2>
            <button type="button" className="button" onClick={onClose} autoFocus>
              Close
            </button>
          </header>
          <p className="small">{request.reason}</p>
          <div className="source-files">
            {request.paths.map((path) => (
              <SourceFileView key={path} dataset={dataset} path={path} />
            ))}
          </div>
        </div>
      )}
    </dialog>
  )
}

// A folder upload in progress: a bar filling with the bytes sent, files and megabytes done, the rate, and
// Cancel. Shared by the "Choose a folder…" button and the window-wide drop. Draws state only.

import { ProgressBar } from '../../shared/ProgressBar'
import { describeUpload } from './uploadProgressText'
import type { FolderUploadState } from './useFolderUpload'

type Props = Readonly<{ state: FolderUploadState; onCancel(): void }>

export function UploadProgressRow({ state, onCancel }: Props) {
  if (state.phase === 'idle') {
    return null
  }
  const description = state.phase === 'uploading' ? describeUpload(state.progress) : null
  const title = state.phase === 'uploading' ? `Uploading ${state.name ?? 'the folder'}` : 'Reading the folder'
  return (
    <div
      className="folder-upload-progress"
      role="status"
      data-testid="upload-progress"
      data-phase={state.phase}
      data-files={state.phase === 'uploading' ? state.progress.files : 0}
    >
      <span className="folder-upload-text">
        <strong>{title}</strong>
        {description !== null && (
          <span className="muted small"> {[description.counts, description.rate].filter(Boolean).join(' · ')}</span>
        )}
      </span>
      <ProgressBar fraction={description?.fraction ?? null} label="Upload progress" />
      <button type="button" className="button" data-testid="upload-cancel" onClick={onCancel}
        title="Stop the upload; what reached the server is deleted">
        Cancel
      </button>
    </div>
  )
}

// Serve mode's "Choose a folder…": a hidden <input webkitdirectory> behind a button; the chosen folder is
// uploaded with progress and cancel, then `onUploaded(uploadId)` lets the parent import it. Render it only
// where AppInfo.canUploadFolders says the host takes uploads.

import { useRef } from 'react'
import type { ChangeEvent } from 'react'
import { filesOfInput, walkEntries } from './folderPick'
import { UploadProgressRow } from './UploadProgressRow'
import { useFolderUpload } from './useFolderUpload'
import './folderUpload.css'

type Props = Readonly<{ onUploaded(uploadId: string): void; disabled?: boolean }>

export function UploadFolderButton({ onUploaded, disabled = false }: Props) {
  const upload = useFolderUpload(onUploaded)
  const input = useRef<HTMLInputElement>(null)

  function onChange(event: ChangeEvent<HTMLInputElement>): void {
    const element = event.currentTarget
    // A folder dragged onto the input itself comes with entries; one chosen in the dialog only with files.
    const entries = Array.from(element.webkitEntries ?? [])
    const files = Array.from(element.files ?? [])
    element.value = '' // so that choosing the same folder again is a change too
    if (entries.length === 0 && files.length === 0) {
      return
    }
    upload.start(async () => (entries.length > 0 ? walkEntries(entries) : filesOfInput(files)))
  }

  return (
    <span className="folder-upload">
      <button
        type="button"
        className="button"
        data-testid="folder-upload-button"
        disabled={disabled || upload.state.phase !== 'idle'}
        onClick={() => input.current?.click()}
        title="Upload a folder from this computer to the studio server, then import it"
      >
        Choose a folder…
      </button>
      <input
        ref={input}
        type="file"
        webkitdirectory=""
        multiple
        hidden
        data-testid="folder-upload-input"
        onChange={onChange}
      />
      <UploadProgressRow state={upload.state} onCancel={upload.cancel} />
    </span>
  )
}

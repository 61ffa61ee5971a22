// Makes the whole window a drop target for a folder. In Electron the dropped folder's path comes from the
// preload (webUtils.getPathForFile) and goes to `onPath`: nothing is copied. A browser cannot know paths, so in
// serve mode the dropped folder is walked and uploaded, then `onUploaded(uploadId)`.
// Only drags that carry files react; dragging text around the page does nothing.

import { useEffect, useRef, useState } from 'react'
import { useStudio } from '../../shell/StudioContext'
import { entriesOfDrop, walkEntries } from './folderPick'
import { UploadProgressRow } from './UploadProgressRow'
import { useFolderUpload } from './useFolderUpload'
import './folderUpload.css'

type Props = Readonly<{ onPath(path: string): void; onUploaded(uploadId: string): void }>

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer !== null && Array.from(event.dataTransfer.types).includes('Files')
}

export function FolderDropOverlay({ onPath, onUploaded }: Props) {
  const { client, reportError } = useStudio()
  const [isDragging, setIsDragging] = useState(false)
  const depth = useRef(0)
  const upload = useFolderUpload(onUploaded)
  const { start } = upload

  useEffect(() => {
    function onEnter(event: DragEvent): void {
      if (carriesFiles(event)) {
        event.preventDefault()
        depth.current++
        setIsDragging(true)
      }
    }
    function onOver(event: DragEvent): void {
      if (carriesFiles(event)) {
        event.preventDefault() // required, or the browser refuses the drop
      }
    }
    function onLeave(event: DragEvent): void {
      if (carriesFiles(event) && --depth.current <= 0) {
        depth.current = 0
        setIsDragging(false)
      }
    }
    function onDrop(event: DragEvent): void {
      const transfer = event.dataTransfer
      if (transfer === null || !carriesFiles(event)) {
        return
      }
      event.preventDefault() // otherwise the browser navigates to the dropped file
      depth.current = 0
      setIsDragging(false)
      const file = transfer.files[0]
      if (file === undefined) {
        return
      }
      const path = client.pathForFile(file)
      if (path !== null) {
        onPath(path)
      } else if (client.host === 'electron') {
        reportError('it is not a file or folder on this computer', `Could not open "${file.name}"`)
      } else {
        // Entries must be taken now: the browser empties the drop's items when this handler returns.
        const entries = entriesOfDrop(transfer)
        start(() => walkEntries(entries))
      }
    }
    window.addEventListener('dragenter', onEnter)
    window.addEventListener('dragover', onOver)
    window.addEventListener('dragleave', onLeave)
    window.addEventListener('drop', onDrop)
    return () => {
      window.removeEventListener('dragenter', onEnter)
      window.removeEventListener('dragover', onOver)
      window.removeEventListener('dragleave', onLeave)
      window.removeEventListener('drop', onDrop)
    }
  }, [client, reportError, onPath, start])

  return (
    <>
      <DropHint isDragging={isDragging} host={client.host} />
      {upload.state.phase !== 'idle' && (
        <div className="folder-upload-toast">
          <UploadProgressRow state={upload.state} onCancel={upload.cancel} />
        </div>
      )}
    </>
  )
}

function DropHint({ isDragging, host }: Readonly<{ isDragging: boolean; host: string }>) {
  return (
    <div className="drop-overlay" hidden={!isDragging} data-testid="drop-overlay" aria-hidden={!isDragging}>
      <div className="drop-overlay-box">
        <strong>{host === 'electron' ? 'Drop a folder to open it' : 'Drop a folder to upload it'}</strong>
        <span className="muted">One subfolder per class, or train/, val/ and test/ folders</span>
        {host !== 'electron' && (
          <span className="muted small">Its files are copied to the studio server, then imported</span>
        )}
      </div>
    </div>
  )
}

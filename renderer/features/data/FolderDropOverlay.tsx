// Makes the whole window a drop target for a folder. In Electron the dropped folder's path comes from the
// bridge and opens as a dataset; a browser cannot know paths, so it explains what to do instead.
// Only drags that carry files react; dragging text around the page does nothing.

import { useEffect, useRef, useState } from 'react'
import { useStudio } from '../../shell/StudioContext'

type Props = Readonly<{ onFolder(path: string): void; onBrowserDrop(): void }>

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer !== null && Array.from(event.dataTransfer.types).includes('Files')
}

export function FolderDropOverlay({ onFolder, onBrowserDrop }: Props) {
  const { client, reportError } = useStudio()
  const [isDragging, setIsDragging] = useState(false)
  const depth = useRef(0)

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
      if (!carriesFiles(event)) {
        return
      }
      event.preventDefault() // otherwise the browser navigates to the dropped file
      depth.current = 0
      setIsDragging(false)
      const file = event.dataTransfer?.files[0]
      if (file === undefined) {
        return
      }
      const path = client.pathForFile(file)
      if (path === null) {
        onBrowserDrop()
        reportError(
          'a browser does not tell the studio where a dropped folder is; ' +
            'type its path on the server below instead',
          `Could not open "${file.name}"`,
        )
        return
      }
      onFolder(path)
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
  }, [client, reportError, onFolder, onBrowserDrop])

  return (
    <div className="drop-overlay" hidden={!isDragging} data-testid="drop-overlay" aria-hidden={!isDragging}>
      <div className="drop-overlay-box">
        {client.host === 'electron' ? (
          <>
            <strong>Drop a folder to open it</strong>
            <span className="muted">One subfolder per class, or train/, val/ and test/ folders</span>
          </>
        ) : (
          <>
            <strong>A browser cannot open dropped folders</strong>
            <span className="muted">Type the folder's path on the server in the Data screen instead</span>
          </>
        )}
      </div>
    </div>
  )
}

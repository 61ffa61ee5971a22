// One folder upload at a time for the button and the window-wide drop (serve mode): read the picked files,
// upload them with progress, then hand the upload id to `onUploaded` (the parent imports it). Cancel stops
// reading or uploading and deletes what reached the server. Failures go to the error banner.

import { useCallback, useEffect, useRef, useState } from 'react'
import { uploadFolder } from '../../api/uploadClient'
import type { UploadProgress } from '../../api/uploadClient'
import { useStudio } from '../../shell/StudioContext'
import { pickedFolder } from './folderPick'
import type { PickedFile } from './folderPick'

export type FolderUploadState = Readonly<
  | { phase: 'idle' }
  | { phase: 'reading' }
  | { phase: 'uploading'; name: string | null; progress: UploadProgress }
>

export type FolderUpload = Readonly<{
  state: FolderUploadState
  /** Starts an upload of what `pick` finds (a walk of dropped entries, or an input's files). */
  start(pick: () => Promise<readonly PickedFile[]>): void
  cancel(): void
}>

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError'
}

export function useFolderUpload(onUploaded: (uploadId: string) => void): FolderUpload {
  const { reportError } = useStudio()
  const [state, setState] = useState<FolderUploadState>({ phase: 'idle' })
  const running = useRef<AbortController | null>(null)
  const latestOnUploaded = useRef(onUploaded)
  useEffect(() => {
    latestOnUploaded.current = onUploaded
  }, [onUploaded])
  useEffect(() => () => running.current?.abort(), [])

  const start = useCallback(
    (pick: () => Promise<readonly PickedFile[]>) => {
      if (running.current !== null) {
        reportError('wait for it to finish, or cancel it first', 'An upload is already running')
        return
      }
      const controller = new AbortController()
      running.current = controller
      setState({ phase: 'reading' })
      let name: string | null = null
      const run = async (): Promise<void> => {
        const folder = pickedFolder(await pick())
        controller.signal.throwIfAborted()
        name = folder.name
        if (folder.files.length === 0) {
          throw new Error('it has no files (hidden files such as .DS_Store are left out)')
        }
        const result = await uploadFolder(folder.files, {
          signal: controller.signal,
          onProgress: (progress) => setState({ phase: 'uploading', name, progress }),
        })
        if (result.skipped.length > 0) {
          const first = result.skipped.slice(0, 3).map((file) => `${file.relativePath} (${file.reason})`)
          reportError(`${result.skipped.length} file(s) left out: ${first.join('; ')}`, 'Upload')
        }
        latestOnUploaded.current(result.uploadId)
      }
      run()
        .catch((error: unknown) => {
          if (!isAbort(error)) {
            reportError(error, name === null ? 'Could not upload the folder' : `Could not upload ${name}`)
          }
        })
        .finally(() => {
          running.current = null
          setState({ phase: 'idle' })
        })
    },
    [reportError],
  )

  const cancel = useCallback(() => running.current?.abort(), [])
  return { state, start, cancel }
}

// The chosen dataset and the request that is choosing one. Owned by App (the Model and Train screens read
// the result); the Data screen and the window-wide folder drop both call it. A newer request wins over
// an older one still in flight, so a slow folder cannot overwrite the sample the user clicked afterwards.

import { useCallback, useRef, useState } from 'react'
import type { DatasetSummary } from '../../../app/protocol/studioApi'
import type { StudioClient } from '../../api/studioClient'
import { errorMessage } from '../../shared/errorText'

export type DatasetLoader = Readonly<{
  dataset: DatasetSummary | null
  /** What is being opened right now ("the sample", a folder path), or null. */
  busyWith: string | null
  openSample(): void
  openFolder(path: string): void
}>

export function useDatasetLoader(
  client: StudioClient,
  reportError: (error: unknown, context?: string) => void,
): DatasetLoader {
  const [dataset, setDataset] = useState<DatasetSummary | null>(null)
  const [busyWith, setBusyWith] = useState<string | null>(null)
  const latest = useRef(0)

  const load = useCallback(
    (label: string, request: () => Promise<DatasetSummary>) => {
      const ticket = ++latest.current
      setBusyWith(label)
      request()
        .then(
          (result) => {
            if (ticket === latest.current) {
              setDataset(result)
            }
          },
          (error: unknown) => {
            if (ticket === latest.current) {
              // The banner already says what was being opened; the request's method name adds nothing there.
              reportError(errorMessage(error).replace(/^datasets:\w+: /, ''), `Could not open ${label}`)
            }
          },
        )
        .finally(() => {
          if (ticket === latest.current) {
            setBusyWith(null)
          }
        })
    },
    [reportError],
  )

  const openSample = useCallback(
    () => load('the sample dataset', () => client.invoke('datasets:sample', { name: 'shapes' })),
    [client, load],
  )
  const openFolder = useCallback(
    (path: string) => load(path, () => client.invoke('datasets:openFolder', { path })),
    [client, load],
  )
  return { dataset, busyWith, openSample, openFolder }
}

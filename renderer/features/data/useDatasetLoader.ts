// The chosen dataset and the import that is choosing one, for React. Owned by App (the Model and Train screens read
// the dataset); the Data screen, the window-wide drop and the upload button all call it. The rules (import ids,
// progress matching, cancel, newer requests winning) live in datasetImports.ts; this hook only holds its state.

import { useEffect, useMemo, useState } from 'react'
import type { ImportSettingsInput } from '../../../app/data/importSettings'
import type { DatasetSourceInput } from '../../../app/protocol/studioApi'
import type { StudioClient } from '../../api/studioClient'
import { DatasetImports, INITIAL_LOADER_STATE } from './datasetImports'
import type { LoaderState } from './datasetImports'

export type { CancelState, LoaderMessage } from './datasetImports'

export type DatasetLoader = LoaderState &
  Readonly<{
    openSample(): void
    importFrom(source: DatasetSourceInput, settings?: ImportSettingsInput): void
    /** Imports the shown dataset's source again with other settings (unchanged files are not decoded again). */
    reimport(settings: ImportSettingsInput): void
    cancelImport(): void
    dismissMessage(): void
  }>

export function useDatasetLoader(client: StudioClient): DatasetLoader {
  const [state, setState] = useState<LoaderState>(INITIAL_LOADER_STATE)
  const imports = useMemo(() => new DatasetImports(client, setState), [client])
  useEffect(() => client.subscribe((event) => imports.accept(event)), [client, imports])
  const actions = useMemo(
    () => ({
      openSample: () => imports.openSample(),
      importFrom: (source: DatasetSourceInput, settings?: ImportSettingsInput) => imports.importFrom(source, settings),
      reimport: (settings: ImportSettingsInput) => imports.reimport(settings),
      cancelImport: () => imports.cancelImport(),
      dismissMessage: () => imports.dismissMessage(),
    }),
    [imports],
  )
  return { ...state, ...actions }
}

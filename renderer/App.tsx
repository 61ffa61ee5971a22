// The studio window: the rail, the banners and one panel per screen. Composition only: each screen lives
// in features/<name>/, the shell pieces in shell/. Screens stay mounted when hidden so a running chart or
// a half-typed setting survives switching tabs.

import { useCallback, useMemo, useState } from 'react'
import type { ReactNode } from 'react'
import type { PresetName } from '../app/model/presets'
import type { StudioClient } from './api/studioClient'
import { DataScreen } from './features/data/DataScreen'
import { FolderDropOverlay } from './features/data/FolderDropOverlay'
import { useDatasetLoader } from './features/data/useDatasetLoader'
import { ModelScreen } from './features/model/ModelScreen'
import { chooseModel } from './features/model/modelChoice'
import { TrainScreen } from './features/train/TrainScreen'
import { ConnectionBanner } from './shell/ConnectionBanner'
import { ErrorBanner } from './shell/ErrorBanner'
import { PanelBoundary } from './shell/PanelBoundary'
import { Rail } from './shell/Rail'
import { SCREENS } from './shell/screens'
import type { ScreenId } from './shell/screens'
import { StudioContext } from './shell/StudioContext'
import { useAppInfo } from './shell/useAppInfo'
import { useConnection } from './shell/useConnection'
import { useErrorLog } from './shell/useErrorLog'
import { useScreenShortcuts } from './shell/useScreenShortcuts'

function Panel({
  id,
  current,
  children,
}: Readonly<{ id: ScreenId; current: ScreenId; children: ReactNode }>) {
  const screen = SCREENS.find((candidate) => candidate.id === id)!
  return (
    <section
      className="screen"
      hidden={id !== current}
      data-testid={`screen-${id}`}
      aria-labelledby={`title-${id}`}
    >
      <header className="screen-header">
        <h1 id={`title-${id}`}>{screen.title}</h1>
        <p className="muted">{screen.subtitle}</p>
      </header>
      <PanelBoundary name={screen.title}>{children}</PanelBoundary>
    </section>
  )
}

export function App({ client }: Readonly<{ client: StudioClient }>) {
  const errorLog = useErrorLog(client)
  const studio = useMemo(() => ({ client, reportError: errorLog.report }), [client, errorLog.report])
  const connection = useConnection(client)
  const info = useAppInfo(client, errorLog.report)
  const [screen, setScreen] = useState<ScreenId>('data')
  useScreenShortcuts(setScreen)

  const loader = useDatasetLoader(client)
  const [presetName, setPresetName] = useState<PresetName>('lenet')
  const model = useMemo(() => chooseModel(presetName, loader.dataset), [presetName, loader.dataset])
  const { importFrom } = loader
  const onDroppedPath = useCallback(
    (path: string) => {
      setScreen('data')
      importFrom({ kind: 'path', path })
    },
    [importFrom],
  )
  const onUploaded = useCallback(
    (uploadId: string) => {
      setScreen('data')
      importFrom({ kind: 'upload', uploadId })
    },
    [importFrom],
  )

  return (
    <StudioContext value={studio}>
      <div className="app">
        <Rail current={screen} onSelect={setScreen} info={info} host={client.host} connection={connection} />
        <main className="workspace">
          <div className="banners">
            <ConnectionBanner client={client} />
            <ErrorBanner
              errors={errorLog.errors}
              onDismiss={errorLog.dismiss}
              onDismissAll={errorLog.dismissAll}
            />
          </div>
          <Panel id="data" current={screen}>
            <DataScreen
              loader={loader}
              host={client.host}
              canOpenFolderPaths={info?.canOpenFolderPaths ?? true}
              canUploadFolders={info?.canUploadFolders ?? false}
            />
          </Panel>
          <Panel id="model" current={screen}>
            <ModelScreen model={model} onPresetChange={setPresetName} />
          </Panel>
          <Panel id="train" current={screen}>
            <TrainScreen dataset={loader.dataset} model={model} />
          </Panel>
        </main>
        <FolderDropOverlay onPath={onDroppedPath} onUploaded={onUploaded} />
      </div>
    </StudioContext>
  )
}

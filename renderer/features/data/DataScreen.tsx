// The Data screen: open data and watch it import, then see what it contains and choose how it is prepared.

import type { HostKind } from '../../../app/protocol/studioApi'
import { DatasetSummaryView } from './DatasetSummaryView'
import { OpenDataPanel } from './OpenDataPanel'
import type { DatasetLoader } from './useDatasetLoader'
import './data.css'

type Props = Readonly<{
  loader: DatasetLoader
  host: HostKind
  canOpenFolderPaths: boolean
  canUploadFolders: boolean
}>

export function DataScreen({ loader, host, canOpenFolderPaths, canUploadFolders }: Props) {
  const { dataset } = loader
  return (
    <div className="screen-body">
      <OpenDataPanel loader={loader} host={host} canOpenFolderPaths={canOpenFolderPaths}
        canUploadFolders={canUploadFolders} isCompact={dataset !== null} />
      {dataset !== null && <DatasetSummaryView dataset={dataset} loader={loader} />}
    </div>
  )
}

// The Data screen: open data, watch it load, see what it contains.

import type { HostKind } from '../../../app/protocol/studioApi'
import { DatasetSummaryView } from './DatasetSummaryView'
import { OpenDataPanel } from './OpenDataPanel'
import type { DatasetLoader } from './useDatasetLoader'
import './data.css'

type Props = Readonly<{ loader: DatasetLoader; host: HostKind; canOpenFolderPaths: boolean }>

export function DataScreen({ loader, host, canOpenFolderPaths }: Props) {
  const { dataset } = loader
  return (
    <div className="screen-body">
      <OpenDataPanel
        loader={loader}
        host={host}
        canOpenFolderPaths={canOpenFolderPaths}
        isCompact={dataset !== null}
      />
      {dataset !== null && <DatasetSummaryView dataset={dataset} />}
    </div>
  )
}

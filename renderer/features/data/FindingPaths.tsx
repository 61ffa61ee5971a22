// The files behind one doctor finding: the first few as buttons, the rest behind "Show all", and a count of
// those the host did not send (it sends at most MAX_FINDING_PATHS per finding).

import { useState } from 'react'
import type { DoctorFindingView } from '../../../app/protocol/studioApi'
import { formatCount } from '../../shared/format'
import { unlistedCount } from './doctorView'
import { PathButton } from './PathButton'

const FIRST_PATHS = 6

type Props = Readonly<{ finding: DoctorFindingView; onOpen(path: string): void }>

export function FindingPaths({ finding, onOpen }: Props) {
  const [isExpanded, setIsExpanded] = useState(false)
  if (finding.paths.length === 0) {
    return null
  }
  const shown = isExpanded ? finding.paths : finding.paths.slice(0, FIRST_PATHS)
  const hidden = finding.paths.length - shown.length
  const unlisted = unlistedCount(finding)
  return (
    <ul className="finding-paths">
      {shown.map((path) => (
        <li key={path}>
          <PathButton path={path} onOpen={onOpen} />
        </li>
      ))}
      {hidden > 0 && (
        <li>
          <button type="button" className="button-quiet small" onClick={() => setIsExpanded(true)}>
            Show {formatCount(hidden)} more
          </button>
        </li>
      )}
      {unlisted > 0 && (isExpanded || hidden === 0) && (
        <li className="muted small">and {formatCount(unlisted)} more not listed here</li>
      )}
    </ul>
  )
}

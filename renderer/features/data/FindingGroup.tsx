// One severity of the doctor's report: its findings with their advice and files. A folder full of copies can
// have hundreds of duplicate groups, so only the first few show until "Show all" is pressed.

import { useState } from 'react'
import { formatCount } from '../../shared/format'
import { fileRequestFor, FINDING_TITLES } from './doctorView'
import type { FileRequest, SeverityGroup } from './doctorView'
import { FindingPaths } from './FindingPaths'

const FIRST_FINDINGS = 4

type Props = Readonly<{ group: SeverityGroup; onOpen(request: FileRequest): void }>

export function FindingGroup({ group, onOpen }: Props) {
  const [isExpanded, setIsExpanded] = useState(false)
  const shown = isExpanded ? group.findings : group.findings.slice(0, FIRST_FINDINGS)
  const hidden = group.findings.length - shown.length
  return (
    <div className={`doctor-group doctor-${group.severity}`} data-testid={`doctor-${group.severity}`}>
      <h3 className="doctor-group-title">
        <span className="severity-dot" aria-hidden="true" /> {group.title}
      </h3>
      <ul className="finding-list">
        {shown.map((finding, index) => (
          <li key={index} className="finding" data-testid="finding" data-kind={finding.kind}>
            <strong>{FINDING_TITLES[finding.kind]}.</strong> {finding.message}
            <FindingPaths finding={finding} onOpen={(path) => onOpen(fileRequestFor(finding, path))} />
          </li>
        ))}
      </ul>
      {hidden > 0 && (
        <button type="button" className="button-quiet small doctor-more" onClick={() => setIsExpanded(true)}>
          Show {formatCount(hidden)} more finding{hidden === 1 ? '' : 's'}
        </button>
      )}
    </div>
  )
}

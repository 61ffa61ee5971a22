// The dataset doctor's report: findings grouped by severity (leakage and empty classes first), each with its
// advice and clickable files, then the files that were skipped and why. Nothing here stopped the import.

import type { DatasetSummary } from '../../../app/protocol/studioApi'
import { formatCount } from '../../shared/format'
import { groupBySeverity } from './doctorView'
import type { FileRequest } from './doctorView'
import { FindingGroup } from './FindingGroup'
import { PathButton } from './PathButton'

type Props = Readonly<{ dataset: DatasetSummary; onOpen(request: FileRequest): void }>

export function DoctorReport({ dataset, onOpen }: Props) {
  const groups = groupBySeverity(dataset.findings)
  const { problems, problemCount } = dataset
  const isHealthy = groups.length === 0 && problemCount === 0
  return (
    <section className="card doctor" aria-label="Dataset doctor" data-testid="doctor-report">
      <h2 className="card-title">Dataset doctor</h2>
      {isHealthy && (
        <p className="muted" data-testid="doctor-healthy">
          No problems found: no unreadable files, duplicates, empty classes, tiny images or odd shapes.
        </p>
      )}
      {groups.map((group) => (
        <FindingGroup key={group.severity} group={group} onOpen={onOpen} />
      ))}
      {problemCount > 0 && (
        <details className="doctor-skipped" data-testid="dataset-problems" open={problemCount <= 20}>
          <summary>
            {/* Problems name files and folders (an empty class folder, one that cannot be read) alike. */}
            Skipped: {formatCount(problemCount)} {problemCount === 1 ? 'file or folder' : 'files or folders'} that could
            not be used
            {problemCount > problems.length && ` (the first ${formatCount(problems.length)} are listed)`}
          </summary>
          <ul className="problem-list">
            {problems.map((problem) => (
              <li key={problem.path}>
                <PathButton path={problem.path}
                  onOpen={(path) => onOpen({ paths: [path], reason: problem.reason, title: 'Skipped file' })} />
                <span className="muted"> — {problem.reason}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  )
}

// What was loaded: name and source, image size, class and split counts, files that were skipped, and a
// card per class. Read-only; choosing input size or split settings comes with later issues.

import type { DatasetSummary } from '../../../app/protocol/studioApi'
import { formatShape } from '../../../app/model/shapeInference'
import { formatCount } from '../../shared/format'
import { Stat } from '../../shared/Stat'
import { ClassCard } from './ClassCard'

export function DatasetSummaryView({ dataset }: Readonly<{ dataset: DatasetSummary }>) {
  const largest = Math.max(0, ...dataset.examples.map((examples) => examples.count))
  const { train, validation, test } = dataset.splits
  return (
    <section className="dataset-summary" data-testid="dataset-summary" aria-label="Dataset summary">
      <div className="card summary-head">
        <div className="summary-title">
          <h2 data-testid="dataset-name">{dataset.name}</h2>
          <span className="muted small path" title={dataset.source}>
            {dataset.source}
          </span>
        </div>
        <div className="stats">
          <Stat label="Image size" value={formatShape(dataset.imageShape)} testId="image-size" />
          <Stat label="Classes" value={formatCount(dataset.classNames.length)} testId="class-total" />
          <Stat label="Train" value={formatCount(train)} testId="split-train" />
          <Stat label="Validation" value={formatCount(validation)} testId="split-validation" />
          <Stat label="Test" value={formatCount(test)} testId="split-test" />
        </div>
      </div>
      {dataset.problems.length > 0 && (
        <details className="card problems" data-testid="dataset-problems">
          <summary>
            {formatCount(dataset.problems.length)} file{dataset.problems.length === 1 ? ' was' : 's were'}{' '}
            skipped
          </summary>
          <ul className="problem-list">
            {dataset.problems.slice(0, 200).map((problem, index) => (
              <li key={index}>
                <code>{problem.path}</code> — {problem.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      <div className="class-grid">
        {dataset.examples.map((examples) => (
          <ClassCard
            key={examples.className}
            examples={examples}
            imageShape={dataset.imageShape}
            largestCount={largest}
          />
        ))}
      </div>
    </section>
  )
}

// The end of a run: how it ended and what the held-out test set says, beside train and validation.

import type { RunSummary } from '../../../app/protocol/trainerProtocol'
import { formatCount, formatDuration, formatLoss, formatPercent } from '../../shared/format'

const ENDINGS: Readonly<Record<RunSummary['reason'], string>> = {
  finished: 'Finished',
  stopped: 'Stopped',
  earlyStopped: 'Stopped early',
}

export function RunSummaryCard({ summary }: Readonly<{ summary: RunSummary }>) {
  const ending = ENDINGS[summary.reason]
  const splits = [
    ['Train', summary.train],
    ['Validation', summary.validation],
    ['Test', summary.test],
  ] as const
  return (
    <section
      className="card run-summary"
      data-testid="run-summary"
      data-test-accuracy={summary.test.accuracy}
      data-reason={summary.reason}
    >
      <div className="run-summary-head">
        <div>
          <span className="stat-label">Test accuracy</span>
          <span className="headline" data-testid="test-accuracy">
            {formatPercent(summary.test.accuracy)}
          </span>
        </div>
        <p className="muted">
          {ending} after {summary.epochsCompleted} epoch{summary.epochsCompleted === 1 ? '' : 's'} in{' '}
          {formatDuration(summary.seconds)}. The test images were never used for training, so this is the
          honest estimate of how the model does on new images.
        </p>
      </div>
      <table className="table compact">
        <thead>
          <tr>
            <th>Split</th>
            <th className="numeric">Images</th>
            <th className="numeric">Loss</th>
            <th className="numeric">Accuracy</th>
          </tr>
        </thead>
        <tbody>
          {splits.map(([name, metrics]) => {
            // Train figures are averages over the last finished epoch: there are none before the first one ends.
            const isMeasured = name !== 'Train' || summary.epochsCompleted > 0
            return (
              <tr key={name}>
                <td>{name}</td>
                <td className="numeric mono">{formatCount(metrics.count)}</td>
                <td className="numeric mono">{isMeasured ? formatLoss(metrics.loss) : '–'}</td>
                <td className="numeric mono">{isMeasured ? formatPercent(metrics.accuracy) : '–'}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </section>
  )
}

// One row per finished epoch: losses, accuracies, the learning rate it ended with, speed and time. Rows carry
// their validation accuracy as a data attribute for the end-to-end tests.

import {
  formatCount,
  formatDuration,
  formatLearningRate,
  formatLoss,
  formatPercent,
} from '../../shared/format'
import type { EpochRow } from './trainingView'

const LEARNING_RATE_HELP = 'The learning rate at the end of the epoch, after schedule and warm-up'

export function EpochTable({ rows }: Readonly<{ rows: readonly EpochRow[] }>) {
  return (
    <section className="card card-flush">
      <table className="table epoch-table" data-testid="epoch-table">
        <thead>
          <tr>
            <th className="numeric">Epoch</th>
            <th className="numeric">Train loss</th>
            <th className="numeric">Train accuracy</th>
            <th className="numeric">Validation loss</th>
            <th className="numeric">Validation accuracy</th>
            <th className="numeric" title={LEARNING_RATE_HELP}>
              Learning rate
            </th>
            <th className="numeric">Images / s</th>
            <th className="numeric">Time</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={8} className="empty-row muted">
                Each finished epoch adds a row here.
              </td>
            </tr>
          )}
          {rows.map((row) => (
            <tr key={row.epoch} data-testid="epoch-row" data-validation-accuracy={row.validationAccuracy}>
              <td className="numeric">{row.epoch}</td>
              <td className="numeric mono">{formatLoss(row.trainLoss)}</td>
              <td className="numeric mono">{formatPercent(row.trainAccuracy)}</td>
              <td className="numeric mono">{formatLoss(row.validationLoss)}</td>
              <td className="numeric mono">{formatPercent(row.validationAccuracy)}</td>
              <td className="numeric mono">{formatLearningRate(row.learningRate)}</td>
              <td className="numeric mono">{formatCount(row.imagesPerSecond)}</td>
              <td className="numeric mono">{formatDuration(row.seconds)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

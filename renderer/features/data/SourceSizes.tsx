// How big the source images were before resizing: minimum, median and maximum width and height, and the most
// common sizes as bars, next to the input size they become, so "much smaller than the input" is visible.

import type { Preprocessing } from '../../../app/data/importSettings'
import type { SourceSizeStatistics } from '../../../app/protocol/studioApi'
import { formatCount } from '../../shared/format'

type Props = Readonly<{ sizes: SourceSizeStatistics; preprocessing: Preprocessing }>

function Range({ name, range }: Readonly<{ name: string; range: SourceSizeStatistics['width'] }>) {
  return (
    <div className="size-range">
      <span className="stat-label">{name}</span>
      <span className="size-range-values mono">
        <span title="smallest">{formatCount(range.min)}</span>
        <span className="size-range-line" aria-hidden="true" />
        <strong title="median">{formatCount(range.median)}</strong>
        <span className="size-range-line" aria-hidden="true" />
        <span title="largest">{formatCount(range.max)}</span>
      </span>
    </div>
  )
}

export function SourceSizes({ sizes, preprocessing }: Props) {
  const largest = Math.max(1, ...sizes.common.map((size) => size.count))
  return (
    <section className="card source-sizes" aria-label="Source image sizes" data-testid="source-sizes">
      <h2 className="card-title">Source image sizes</h2>
      <p className="muted small">
        {formatCount(sizes.count)} images, in pixels (smallest · median · largest); each becomes{' '}
        {preprocessing.size}×{preprocessing.size}.
      </p>
      <Range name="Width" range={sizes.width} />
      <Range name="Height" range={sizes.height} />
      {sizes.common.length > 0 && (
        <>
          <h3 className="settings-subtitle">Most common sizes</h3>
          <ul className="common-sizes">
            {sizes.common.map((size) => (
              <li key={`${size.width}x${size.height}`}>
                <span className="mono small">{size.width}×{size.height}</span>
                <span className="meter">
                  <span className="meter-fill" style={{ width: `${(size.count / largest) * 100}%` }} />
                </span>
                <span className="mono small muted">{formatCount(size.count)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}

// A class's images as one stacked bar (train, validation, test in the split colours), as long as the class is
// against the largest one, so both the split and the imbalance are visible at a glance.

import { formatCount } from '../../shared/format'
import type { ClassBalance } from './classBalance'

const PARTS = ['train', 'validation', 'test'] as const

export function SplitBar({ balance }: Readonly<{ balance: ClassBalance }>) {
  const title = PARTS.map((part) => `${part} ${formatCount(balance[part])}`).join(', ')
  return (
    <div className="split-bar" title={title} aria-label={`Images per split: ${title}`} role="img">
      <div className="split-bar-fill" style={{ width: `${balance.share * 100}%` }}>
        {PARTS.map((part) =>
          balance[part] > 0 ? (
            <div key={part} className={`split-part split-${part}`} style={{ flexGrow: balance[part] }} />
          ) : null,
        )}
      </div>
    </div>
  )
}

// The dataset's images: a class filter and the split colour legend over the virtualised grid, with the
// "what the network sees" preview of the chosen image beside it. The filter is owned by the Data screen so a
// class card's "Browse" can set it.

import { useEffect, useState } from 'react'
import type { DatasetSummary } from '../../../app/protocol/studioApi'
import { formatCount } from '../../shared/format'
import { classBalances } from './classBalance'
import { ImageGrid } from './ImageGrid'
import type { SelectedImage } from './ImageGrid'
import { NetworkInputPreview } from './NetworkInputPreview'
import { SPLIT_NAMES } from './splitNames'

type Props = Readonly<{
  dataset: DatasetSummary
  label: number | null
  onLabelChange(label: number | null): void
}>

export function ImageBrowser({ dataset, label, onLabelChange }: Props) {
  const [selected, setSelected] = useState<SelectedImage | null>(null)
  useEffect(() => setSelected(null), [dataset])
  const balances = classBalances(dataset)
  const { train, validation, test } = dataset.splits
  const itemCount = label === null ? train + validation + test : (balances[label]?.total ?? 0)
  return (
    <section className="image-browser" aria-label="Images" id="image-browser">
      <div className="card image-browser-grid">
        <header className="image-browser-head">
          <h2 className="card-title">Images</h2>
          <select className="input select" aria-label="Which images to show" data-testid="grid-filter"
            value={label === null ? '' : String(label)}
            onChange={(event) => onLabelChange(event.target.value === '' ? null : Number(event.target.value))}>
            <option value="">All classes ({formatCount(train + validation + test)})</option>
            {balances.map((balance) => (
              <option key={balance.label} value={balance.label}>
                {balance.name} ({formatCount(balance.total)})
              </option>
            ))}
          </select>
          <ul className="split-legend small" aria-label="Split colours">
            {SPLIT_NAMES.map((name, code) => (
              <li key={name}>
                <span className={`split-swatch split-part split-${name}`} data-code={code} />
                {name}
              </li>
            ))}
          </ul>
        </header>
        <ImageGrid dataset={dataset} label={label} itemCount={itemCount}
          onSelect={setSelected} />
      </div>
      <NetworkInputPreview image={selected} shape={dataset.imageShape} normalization={dataset.normalization}
        classNames={dataset.classNames} />
    </section>
  )
}

// What was loaded, top to bottom: name, source and counts; the preprocessing and split settings; a card per
// class; every image in a grid beside what the network sees; the doctor's report and the source sizes.
// Composition only: each part is its own component.

import { useState } from 'react'
import { formatShape } from '../../../app/model/shapeInference'
import type { DatasetKind, DatasetSummary, ImportStatistics } from '../../../app/protocol/studioApi'
import { formatCount, formatDuration } from '../../shared/format'
import { Stat } from '../../shared/Stat'
import { classBalances } from './classBalance'
import { ClassCard } from './ClassCard'
import { DoctorReport } from './DoctorReport'
import type { FileRequest } from './doctorView'
import { ImageBrowser } from './ImageBrowser'
import { SettingsPanel } from './SettingsPanel'
import { SourceFileDialog } from './SourceFileDialog'
import { SourceSizes } from './SourceSizes'
import type { DatasetLoader } from './useDatasetLoader'

const KIND_NAMES: Readonly<Record<DatasetKind, string>> = {
  sample: 'Built-in sample',
  idx: 'IDX files',
  cifar: 'CIFAR-10 batches',
  csv: 'CSV list',
  imageFolder: 'Image folder',
}

function importText(stats: ImportStatistics): string {
  const parts = [`${formatCount(stats.decoded)} decoded`]
  if (stats.reused > 0) {
    parts.push(`${formatCount(stats.reused)} unchanged and reused`)
  }
  if (stats.skipped > 0) {
    parts.push(`${formatCount(stats.skipped)} skipped`)
  }
  return `Imported in ${formatDuration(stats.seconds)}: ${parts.join(', ')}.`
}

type Props = Readonly<{ dataset: DatasetSummary; loader: DatasetLoader }>

export function DatasetSummaryView({ dataset, loader }: Props) {
  const [gridLabel, setGridLabel] = useState<number | null>(null)
  const [fileRequest, setFileRequest] = useState<FileRequest | null>(null)
  const { train, validation, test } = dataset.splits
  const balances = classBalances(dataset)

  function browse(label: number): void {
    setGridLabel(label)
    document.getElementById('image-browser')?.scrollIntoView({ behavior: 'smooth', block: 'start' })
  }

  return (
    <section className="dataset-summary" data-testid="dataset-summary" aria-label="Dataset summary">
      <div className="card summary-head">
        <div className="summary-title">
          <h2 data-testid="dataset-name">{dataset.name}</h2>
          <span className="muted small path" title={dataset.source}>
            {KIND_NAMES[dataset.kind]} · {dataset.source}
          </span>
          {dataset.importStats !== null && (
            <span className="muted small" data-testid="import-stats">{importText(dataset.importStats)}</span>
          )}
        </div>
        <div className="stats">
          <Stat label="Image size" value={formatShape(dataset.imageShape)} testId="image-size" />
          <Stat label="Classes" value={formatCount(dataset.classNames.length)} testId="class-total" />
          <Stat label="Train" value={formatCount(train)} testId="split-train" />
          <Stat label="Validation" value={formatCount(validation)} testId="split-validation" />
          <Stat label="Test" value={formatCount(test)} testId="split-test" />
        </div>
      </div>
      <SettingsPanel dataset={dataset} loader={loader} />
      <div className="class-grid">
        {balances.map((balance) => (
          <ClassCard key={balance.label} balance={balance} imageShape={dataset.imageShape}
            images={dataset.examples[balance.label]?.images ?? []} onBrowse={browse} />
        ))}
      </div>
      <ImageBrowser dataset={dataset} label={gridLabel} onLabelChange={setGridLabel} />
      <div className="doctor-row">
        <DoctorReport dataset={dataset} onOpen={setFileRequest} />
        {dataset.sourceSizes !== null && (
          <SourceSizes sizes={dataset.sourceSizes} preprocessing={dataset.preprocessing} />
        )}
      </div>
      <SourceFileDialog dataset={dataset} request={fileRequest} onClose={() => setFileRequest(null)} />
    </section>
  )
}

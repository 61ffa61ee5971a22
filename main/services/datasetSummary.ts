// What the Data screen shows of a dataset: names, sizes, split counts per class, the preprocessing and
// normalisation the network will get, the doctor's findings and a few example images per class. The images
// themselves stay in the host (and the trainer); only thumbnails cross to the renderer.

import { computeNormalization } from '../../app/data/imageDataset'
import type { ImageDataset } from '../../app/data/imageDataset'
import { DEFAULT_SPLIT } from '../../app/data/importSettings'
import type { ImportOutcome } from './import/importDataset'
import { MAX_FINDING_PATHS, MAX_SUMMARY_PROBLEMS } from '../../app/protocol/studioApi'
import type { ClassExamples, DatasetSummary } from '../../app/protocol/studioApi'
import type { DataSourceRef } from '../../app/protocol/trainerProtocol'

const EXAMPLES_PER_CLASS = 8

/** The built-in sample: generated in memory, no source files, so no doctor findings. */
export function summarizeSample(dataset: ImageDataset, id: string, dataRef: DataSourceRef): DatasetSummary {
  const { height, channels } = dataset.imageShape
  return {
    ...describeImages(dataset),
    id,
    dataRef,
    kind: 'sample',
    source: 'built-in sample',
    preprocessing: { size: height, colorMode: channels === 1 ? 'grayscale' : 'rgb', resizeMode: 'squash' },
    split: DEFAULT_SPLIT,
    splitOrigin: 'seeded',
    normalization: computeNormalization(dataset, dataset.splits.train),
    sourceSizes: null,
    problems: [],
    problemCount: 0,
    findings: [],
    importStats: null,
  }
}

/** An imported dataset, from what the importer returned (its cache header carries every setting). */
export function summarizeImport(outcome: ImportOutcome, id: string): DatasetSummary {
  const { header, manifest, dataset } = outcome
  return {
    ...describeImages(dataset),
    id,
    dataRef: { kind: 'cache', id },
    kind: outcome.kind,
    source: header.source,
    preprocessing: manifest.preprocessing,
    split: manifest.split,
    splitOrigin: manifest.splitOrigin,
    normalization: header.normalization ?? computeNormalization(dataset, dataset.splits.train),
    sourceSizes: outcome.sourceSizes,
    problems: manifest.problems.slice(0, MAX_SUMMARY_PROBLEMS),
    problemCount: manifest.problems.length,
    findings: outcome.findings.map((finding) => ({
      ...finding,
      paths: finding.paths.slice(0, MAX_FINDING_PATHS),
      pathCount: finding.paths.length,
    })),
    importStats: outcome.stats,
  }
}

type ImageDescription = Pick<
  DatasetSummary,
  'name' | 'classNames' | 'imageShape' | 'splits' | 'classCounts' | 'examples'
>

function describeImages(dataset: ImageDataset): ImageDescription {
  const { height, width, channels } = dataset.imageShape
  const imageSize = height * width * channels
  const countsIn = (indices: Int32Array) => {
    const counts = dataset.classNames.map(() => 0)
    for (const index of indices) {
      counts[dataset.labels[index]]++
    }
    return counts
  }
  const classCounts = {
    train: countsIn(dataset.splits.train),
    validation: countsIn(dataset.splits.validation),
    test: countsIn(dataset.splits.test),
  }
  const images: Uint8Array[][] = dataset.classNames.map(() => [])
  for (let index = 0; index < dataset.count; index++) {
    const label = dataset.labels[index]
    if (images[label].length < EXAMPLES_PER_CLASS) {
      images[label].push(dataset.images.slice(index * imageSize, (index + 1) * imageSize))
    }
  }
  const examples: ClassExamples[] = dataset.classNames.map((className, label) => ({
    className,
    count: classCounts.train[label] + classCounts.validation[label] + classCounts.test[label],
    images: images[label],
  }))
  return {
    name: dataset.name,
    classNames: dataset.classNames,
    imageShape: dataset.imageShape,
    splits: {
      train: dataset.splits.train.length,
      validation: dataset.splits.validation.length,
      test: dataset.splits.test.length,
    },
    classCounts,
    examples,
  }
}

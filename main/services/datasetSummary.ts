// What the Data screen shows of a dataset: names, sizes, split counts and a few example images per class.
// The images themselves stay in the host (and the trainer); only thumbnails cross to the renderer.

import type { ImageDataset } from '../../app/data/imageDataset'
import type { ClassExamples, DatasetSummary } from '../../app/protocol/studioApi'
import type { DataSourceRef } from '../../app/protocol/trainerProtocol'

const EXAMPLES_PER_CLASS = 8

export function summarizeDataset(
  dataset: ImageDataset,
  id: string,
  dataRef: DataSourceRef,
  source: string,
): DatasetSummary {
  const { height, width, channels } = dataset.imageShape
  const imageSize = height * width * channels
  const counts = dataset.classNames.map(() => 0)
  const images: Uint8Array[][] = dataset.classNames.map(() => [])
  for (let index = 0; index < dataset.count; index++) {
    const label = dataset.labels[index]
    counts[label]++
    if (images[label].length < EXAMPLES_PER_CLASS) {
      images[label].push(dataset.images.slice(index * imageSize, (index + 1) * imageSize))
    }
  }
  const examples: ClassExamples[] = dataset.classNames.map((className, label) => ({
    className,
    count: counts[label],
    images: images[label],
  }))
  return {
    id,
    dataRef,
    name: dataset.name,
    source,
    classNames: dataset.classNames,
    imageShape: dataset.imageShape,
    splits: {
      train: dataset.splits.train.length,
      validation: dataset.splits.validation.length,
      test: dataset.splits.test.length,
    },
    examples,
    problems: [],
  }
}

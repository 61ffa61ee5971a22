// Loss and accuracy of a network over one split of a dataset, in chunks so memory stays bounded.

import type { ImageDataset, Normalization } from '../app/data/imageDataset'
import { fillInputBatch, fillLabelBatch } from '../app/data/batch'
import type { Network } from '../app/engine/network'
import { evaluateBatches } from '../app/engine/training'
import type { SplitMetrics } from '../app/protocol/trainerProtocol'

const CHUNK = 256

export function evaluateSplit(
  network: Network,
  dataset: ImageDataset,
  indices: Int32Array,
  normalization: Normalization,
  batchSize: number,
): SplitMetrics {
  const { height, width, channels } = dataset.imageShape
  const sampleSize = height * width * channels
  const inputs = new Float32Array(CHUNK * sampleSize)
  const labels = new Int32Array(CHUNK)
  let lossSum = 0
  let correct = 0
  for (let start = 0; start < indices.length; start += CHUNK) {
    const count = Math.min(CHUNK, indices.length - start)
    fillInputBatch(inputs, dataset, indices, start, count, normalization)
    fillLabelBatch(labels, dataset, indices, start, count)
    const metrics = evaluateBatches(network, inputs, labels, count, Math.min(batchSize, count))
    lossSum += metrics.loss * count
    correct += Math.round(metrics.accuracy * count)
  }
  const count = indices.length
  return { loss: count > 0 ? lossSum / count : 0, accuracy: count > 0 ? correct / count : 0, count }
}

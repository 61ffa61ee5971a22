// Trains the LeNet-style net of the issue (conv 5×5×8 pad 2, ReLU, max pool 2; conv 5×5×16 pad 2, ReLU, max pool
// 2; dense 10) on an MNIST-style IDX folder with SGD, the way the trainer's loop does (shuffle each epoch, batches
// normalised with the training split's statistics), then evaluates on the validation and test splits.
// Uses the engine and main/services/idxImport.ts directly, until `cnn-studio train --data` reads IDX folders.

import { fillInputBatch, fillLabelBatch } from '../app/data/batch'
import { computeNormalization, imageByteLength } from '../app/data/imageDataset'
import type { ImageDataset, Normalization } from '../app/data/imageDataset'
import { buildNetwork } from '../app/engine/network'
import type { Network } from '../app/engine/network'
import { Random } from '../app/engine/random'
import { SgdMomentum } from '../app/engine/sgd'
import { evaluateBatches, trainBatch } from '../app/engine/training'
import type { NetworkSpec, TensorShape } from '../app/model/networkSpec'
import { importIdxFolder } from '../main/services/idxImport'

export type FashionMnistOptions = Readonly<{
  folder: string
  epochs: number
  batchSize: number
  learningRate: number
  momentum: number
  seed: number
  validationFraction: number
  /** Train on only the first this-many images of each shuffled epoch (a shorter run); default all. */
  trainLimit?: number
  /** Evaluate on only the first this-many validation and test images; default all. */
  evaluationLimit?: number
  log?: (line: string) => void
}>

export type FashionMnistResult = Readonly<{
  trainCount: number
  validation: { loss: number; accuracy: number; count: number }
  test: { loss: number; accuracy: number; count: number }
  seconds: number
}>

export function lenetStyleSpec(input: TensorShape, classCount: number): NetworkSpec {
  return {
    name: 'LeNet-style (issue 3)',
    input,
    layers: [
      { kind: 'conv', filters: 8, kernelSize: 5, stride: 1, pad: 2 },
      { kind: 'relu' },
      { kind: 'maxPool', size: 2 },
      { kind: 'conv', filters: 16, kernelSize: 5, stride: 1, pad: 2 },
      { kind: 'relu' },
      { kind: 'maxPool', size: 2 },
      { kind: 'flatten' },
      { kind: 'dense', units: classCount },
      { kind: 'softmax' },
    ],
  }
}

/** The split's images as one float NCHW array and their labels, for evaluateBatches. */
function splitTensors(dataset: ImageDataset, indices: Int32Array, normalization: Normalization) {
  const inputs = new Float32Array(indices.length * imageByteLength(dataset.imageShape))
  const labels = new Int32Array(indices.length)
  fillInputBatch(inputs, dataset, indices, 0, indices.length, normalization)
  fillLabelBatch(labels, dataset, indices, 0, indices.length)
  return { inputs, labels }
}

function evaluate(
  network: Network,
  dataset: ImageDataset,
  split: Int32Array,
  normalization: Normalization,
  limit?: number,
) {
  const indices = split.subarray(0, limit ?? split.length)
  const { inputs, labels } = splitTensors(dataset, indices, normalization)
  return evaluateBatches(network, inputs, labels, indices.length, 256)
}

export async function trainFashionMnist(options: FashionMnistOptions): Promise<FashionMnistResult> {
  const { folder, epochs, batchSize, learningRate, momentum, seed, validationFraction } = options
  const log = options.log ?? (() => {})
  const started = performance.now()
  const { dataset } = await importIdxFolder(folder, { seed, validationFraction })
  const spec = lenetStyleSpec(dataset.imageShape, dataset.classNames.length)
  const random = new Random(seed)
  const network = buildNetwork(spec, random)
  const optimizer = new SgdMomentum(network.params(), { learningRate, momentum })
  const normalization = computeNormalization(dataset, dataset.splits.train)
  const order = Int32Array.from(dataset.splits.train)
  const trainCount = Math.min(order.length, options.trainLimit ?? order.length)
  const imageSize = imageByteLength(dataset.imageShape)
  const inputs = new Float32Array(batchSize * imageSize)
  const labels = new Int32Array(batchSize)
  log(
    `${dataset.name}: ${trainCount} training images per epoch, ${dataset.splits.validation.length} validation, ` +
      `${dataset.splits.test.length} test; ${network.parameterCount()} parameters`,
  )
  for (let epoch = 1; epoch <= epochs; epoch++) {
    random.shuffle(order)
    const epochStart = performance.now()
    let lossSum = 0
    let correct = 0
    for (let start = 0; start < trainCount; start += batchSize) {
      const count = Math.min(batchSize, trainCount - start)
      fillInputBatch(inputs, dataset, order, start, count, normalization)
      fillLabelBatch(labels, dataset, order, start, count)
      const result = trainBatch(network, optimizer, inputs.subarray(0, count * imageSize), labels, count)
      lossSum += result.loss * count
      correct += result.correct
    }
    const seconds = (performance.now() - epochStart) / 1000
    const validation = evaluate(
      network,
      dataset,
      dataset.splits.validation,
      normalization,
      options.evaluationLimit,
    )
    log(
      `epoch ${epoch}/${epochs}: train loss ${(lossSum / trainCount).toFixed(4)} acc ` +
        `${((100 * correct) / trainCount).toFixed(2)}%, validation loss ${validation.loss.toFixed(4)} acc ` +
        `${(100 * validation.accuracy).toFixed(2)}% (${seconds.toFixed(1)} s, ` +
        `${Math.round(trainCount / seconds)} img/s)`,
    )
  }
  const validation = evaluate(
    network,
    dataset,
    dataset.splits.validation,
    normalization,
    options.evaluationLimit,
  )
  const test = evaluate(network, dataset, dataset.splits.test, normalization, options.evaluationLimit)
  return { trainCount, validation, test, seconds: (performance.now() - started) / 1000 }
}

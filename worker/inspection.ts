// Answers an inspection request with the run's current weights: turns the image reference into network input
// (normalised as in training), checks the indices the protocol validator could not (class, layer, sample), and
// calls the engine's inspection math. Runs on the trainer's main thread between steps.

import { fillInputBatch } from '../app/data/batch'
import type { ImageDataset } from '../app/data/imageDataset'
import { classProbabilities, layerActivations } from '../app/engine/inspect/activations'
import { convFilters } from '../app/engine/inspect/filters'
import { gradCam, lastSpatialLayerIndex } from '../app/engine/inspect/gradCam'
import { saliencyMap } from '../app/engine/inspect/saliency'
import { formatShape } from '../app/model/shapeInference'
import type { InspectImage, InspectRequest, InspectResult } from '../app/protocol/inspection'
import type { TrainingRun } from './trainingRun'

function inputFor(run: TrainingRun, image: InspectImage): Float32Array {
  const { dataset, normalization } = run
  const shape = dataset.imageShape
  const input = new Float32Array(shape.height * shape.width * shape.channels)
  if (image.kind === 'dataset') {
    const indices = dataset.splits[image.split]
    if (image.index >= indices.length) {
      throw new Error(`inspect: the ${image.split} split has ${indices.length} images, there is no image ${image.index}`)
    }
    fillInputBatch(input, dataset, indices, image.index, 1, normalization)
    return input
  }
  if (formatShape(image.shape) !== formatShape(shape)) {
    throw new Error(`inspect: the image is ${formatShape(image.shape)}, the model takes ${formatShape(shape)}`)
  }
  const single: ImageDataset = { ...dataset, images: image.pixels, labels: new Uint8Array(1), count: 1 }
  fillInputBatch(input, single, [0], 0, 1, normalization)
  return input
}

function checkClass(run: TrainingRun, classIndex: number): void {
  const classCount = run.dataset.classNames.length
  if (classIndex >= classCount) {
    throw new Error(`inspect: class ${classIndex} does not exist; the classes are 0 to ${classCount - 1}`)
  }
}

export function answerInspection(run: TrainingRun, request: InspectRequest): InspectResult {
  const network = run.network()
  const { height, width } = run.dataset.imageShape
  switch (request.kind) {
    case 'probabilities':
      return { kind: 'probabilities', probabilities: classProbabilities(network, inputFor(run, request.image)) }
    case 'activations':
      return { kind: 'activations', layers: layerActivations(network, inputFor(run, request.image), request.layerIndices) }
    case 'filters':
      return { kind: 'filters', layers: convFilters(network) }
    case 'saliency':
      checkClass(run, request.classIndex)
      return {
        kind: 'saliency',
        classIndex: request.classIndex,
        height,
        width,
        map: saliencyMap(network, inputFor(run, request.image), request.classIndex),
      }
    case 'gradCam': {
      checkClass(run, request.classIndex)
      const layerIndex = request.layerIndex ?? lastSpatialLayerIndex(network)
      if (layerIndex === null) {
        throw new Error('inspect: Grad-CAM needs a layer with a spatial output (a conv or pooling layer); this network has none')
      }
      const map = gradCam(network, inputFor(run, request.image), request.classIndex, layerIndex)
      return { kind: 'gradCam', classIndex: request.classIndex, layerIndex, height, width, map }
    }
  }
}

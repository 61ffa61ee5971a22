// Checks an inspection request at the trainer's edge: structure and ranges that do not need the network.
// Indices that do (class count, layer count, split size) are checked where the network is known.

import type { InspectImage, InspectRequest } from './inspection'
import { expectArray, expectInteger, expectOneOf, expectRecord, fail } from './validate'

function validateImage(value: unknown, path: string): InspectImage {
  const record = expectRecord(value, path)
  const kind = expectOneOf(record.kind, `${path}.kind`, ['dataset', 'pixels'] as const)
  if (kind === 'dataset') {
    return {
      kind,
      split: expectOneOf(record.split, `${path}.split`, ['train', 'validation', 'test'] as const),
      index: expectInteger(record.index, `${path}.index`, 0, 100_000_000),
    }
  }
  const shape = expectRecord(record.shape, `${path}.shape`)
  const height = expectInteger(shape.height, `${path}.shape.height`, 1, 4096)
  const width = expectInteger(shape.width, `${path}.shape.width`, 1, 4096)
  const channels = expectInteger(shape.channels, `${path}.shape.channels`, 1, 4)
  if (!(record.pixels instanceof Uint8Array) || record.pixels.length !== height * width * channels) {
    fail(`${path}.pixels`, record.pixels, `a Uint8Array of H*W*C = ${height * width * channels} values`)
  }
  return { kind, shape: { height, width, channels }, pixels: record.pixels }
}

export function validateInspectRequest(value: unknown, path: string): InspectRequest {
  const record = expectRecord(value, path)
  const kind = expectOneOf(record.kind, `${path}.kind`, ['probabilities', 'activations', 'filters', 'saliency', 'gradCam'] as const)
  switch (kind) {
    case 'filters':
      return { kind }
    case 'probabilities':
      return { kind, image: validateImage(record.image, `${path}.image`) }
    case 'activations':
      return {
        kind,
        image: validateImage(record.image, `${path}.image`),
        ...(record.layerIndices === undefined
          ? {}
          : {
              layerIndices: expectArray(record.layerIndices, `${path}.layerIndices`, 1000).map((index, i) =>
                expectInteger(index, `${path}.layerIndices[${i}]`, 0, 10_000),
              ),
            }),
      }
    case 'saliency':
      return {
        kind,
        image: validateImage(record.image, `${path}.image`),
        classIndex: expectInteger(record.classIndex, `${path}.classIndex`, 0, 100_000),
      }
    case 'gradCam':
      return {
        kind,
        image: validateImage(record.image, `${path}.image`),
        classIndex: expectInteger(record.classIndex, `${path}.classIndex`, 0, 100_000),
        layerIndex: record.layerIndex === null ? null : expectInteger(record.layerIndex, `${path}.layerIndex`, 0, 10_000),
      }
  }
}

// Does a network fit the data it is about to train on? One place for the message, used by the CLI before it
// starts and by the trainer before it builds the network.

import type { NetworkSpec, TensorShape } from './networkSpec'
import { formatShape, inferShapes } from './shapeInference'

/** Null when the spec is valid and matches the images and the class count; otherwise what is wrong and what to do. */
export function specFitProblem(spec: NetworkSpec, imageShape: TensorShape, classCount: number): string | null {
  const summary = inferShapes(spec)
  if (!summary.isValid) {
    return `the model '${spec.name}' is impossible: ${summary.errors.join('; ')}`
  }
  const expected = formatShape(imageShape)
  if (formatShape(spec.input) !== expected) {
    return (
      `the model '${spec.name}' takes ${formatShape(spec.input)} input but the images are ${expected}; ` +
      `set the model input to ${expected}`
    )
  }
  const outputs = summary.outputShape ? summary.outputShape.channels : 0
  if (outputs !== classCount) {
    return (
      `the model '${spec.name}' ends with ${outputs} outputs but the data has ${classCount} classes; ` +
      `make the last dense layer ${classCount} units`
    )
  }
  return null
}

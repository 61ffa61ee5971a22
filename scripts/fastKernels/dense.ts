// Stand-in for app/engine/kernels/dense.ts as the dense layer sees it under `run-ts.mjs --fast-kernels`
// (see conv2d.ts beside this file).

export type { DenseShape } from '../../app/engine/kernels/dense'
export {
  denseBackwardFast as denseBackward,
  denseForwardFast as denseForward,
} from '../../app/engine/kernels/denseFast'

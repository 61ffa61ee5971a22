// Stand-in for app/engine/kernels/conv2d.ts as the conv layers see it when a script runs with
// `node scripts/run-ts.mjs --fast-kernels`: the same names, bound to the fast kernels. Lets benchmarks and the
// Fashion-MNIST run use conv2dFast before the engine's layers are switched to it; nothing the app ships uses this.

export { conv2dOutputSize } from '../../app/engine/kernels/conv2d'
export type { Conv2dShape } from '../../app/engine/kernels/conv2d'
export {
  conv2dBackwardFast as conv2dBackward,
  conv2dForwardFast as conv2dForward,
} from '../../app/engine/kernels/conv2dFast'

// The elementwise activation layers: ReLU, leaky ReLU, sigmoid and tanh. No parameters; each keeps its own
// output for backward (the kernels' derivatives are written in terms of it: see kernels/activations.ts).

import type { TensorShape } from '../../model/networkSpec'
import { assert } from '../assert'
import {
  leakyReluBackward,
  leakyReluForward,
  sigmoidBackward,
  sigmoidForward,
  tanhBackward,
  tanhForward,
} from '../kernels/activations'
import { reluBackward, reluForward } from '../kernels/relu'
import type { ForwardContext } from '../layer'
import { BaseLayer } from './baseLayer'

export type ActivationKind = 'relu' | 'leakyRelu' | 'sigmoid' | 'tanh'

type ActivationKernels = Readonly<{
  forward(out: Float32Array, input: Float32Array): void
  backward(dInput: Float32Array, out: Float32Array, dOut: Float32Array): void
}>

function kernelsFor(kind: ActivationKind, slope: number): ActivationKernels {
  switch (kind) {
    case 'relu':
      return { forward: reluForward, backward: reluBackward }
    case 'leakyRelu':
      return {
        forward: (out, input) => leakyReluForward(out, input, slope),
        backward: (dInput, out, dOut) => leakyReluBackward(dInput, out, dOut, slope),
      }
    case 'sigmoid':
      return { forward: sigmoidForward, backward: sigmoidBackward }
    case 'tanh':
      return { forward: tanhForward, backward: tanhBackward }
  }
}

export class ActivationLayer extends BaseLayer {
  private readonly kernels: ActivationKernels
  private lastOutput: Float32Array | null = null

  /** slope is leaky ReLU's, for x < 0 (≥ 0; ignored by the other kinds). */
  constructor(
    readonly kind: ActivationKind,
    inputShape: TensorShape,
    slope = 0,
  ) {
    super(inputShape, inputShape)
    assert(slope >= 0, () => `ActivationLayer: slope must be ≥ 0 (the backward pass relies on it), got ${slope}`)
    this.kernels = kernelsFor(kind, slope)
  }

  forward(input: Float32Array, batchSize: number, _context: ForwardContext): Float32Array {
    const out = this.startForward(input, batchSize)
    this.kernels.forward(out, input)
    this.lastOutput = out
    return out
  }

  backward(dOutput: Float32Array, _context: ForwardContext): Float32Array {
    const dInput = this.startBackward(dOutput)
    const out = this.lastOutput
    assert(out !== null, () => `${this.kind} backward: called before forward`) // narrows; startBackward checked
    this.kernels.backward(dInput, out, dOutput)
    return dInput
  }
}

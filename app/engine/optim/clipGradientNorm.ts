// Gradient clipping by global norm, as torch.nn.utils.clip_grad_norm_ (norm type 2): the norm is taken over all
// gradients together, and if it exceeds maxNorm every gradient is scaled by maxNorm / (norm + 1e-6).
// Not an optimiser: the trainer calls it between backward and step.

import { assert } from '../assert'
import type { Param } from '../layer'

/**
 * Scales all gradients in place so their global L2 norm is at most maxNorm; returns the norm before clipping
 * (summed in float64). A non-finite norm makes the gradients non-finite, as in PyTorch: check the returned value.
 */
export function clipGradientNorm(params: readonly Param[], maxNorm: number): number {
  assert(
    Number.isFinite(maxNorm) && maxNorm > 0,
    () => `clipGradientNorm: maxNorm must be a finite number > 0, got ${maxNorm}`,
  )
  let sumOfSquares = 0
  for (const { grad } of params) {
    for (let i = 0; i < grad.length; i++) {
      sumOfSquares += grad[i] * grad[i]
    }
  }
  const norm = Math.sqrt(sumOfSquares)
  const scale = maxNorm / (norm + 1e-6)
  // torch clamps the scale at 1 and always multiplies; skipping a multiply by 1 is the same. Written as
  // !(scale >= 1) so a NaN scale still multiplies, as in torch.
  if (!(scale >= 1)) {
    for (const { grad } of params) {
      for (let i = 0; i < grad.length; i++) {
        grad[i] *= scale
      }
    }
  }
  return norm
}

// Rectified linear unit, elementwise: out = max(0, x). Any layout; the arrays just have to be the same length.
// The backward pass reads the forward OUTPUT (out > 0 exactly when x > 0), so a layer need not keep its input.
//
// N = number of values; input, out, dInput, dOut are all (N)

/** out = max(0, input). Overwrites out. */
export function reluForward(out: Float32Array, input: Float32Array): void {
  for (let i = 0; i < input.length; i++) {
    out[i] = input[i] > 0 ? input[i] : 0
  }
}

/** Accumulates dInput += dOut where the forward output was positive (the gradient at 0 is taken as 0). */
export function reluBackward(dInput: Float32Array, out: Float32Array, dOut: Float32Array): void {
  for (let i = 0; i < out.length; i++) {
    if (out[i] > 0) {
      dInput[i] += dOut[i]
    }
  }
}

// Elementwise activations besides ReLU (kernels/relu.ts): leaky ReLU, sigmoid and tanh. Any layout; arrays are
// the same length. Like ReLU, each backward reads the forward OUTPUT, not the input: y > 0 exactly when x > 0
// (slope ≥ 0), σ'(x) = y(1 − y) and tanh'(x) = 1 − y², so a layer keeps one buffer and no input.
//
// N = number of values; input, out, dInput, dOut are all (N)
// reference: https://pytorch.org/docs/stable/generated/torch.nn.LeakyReLU.html (slope = negative_slope)

/** out = x for x > 0, slope·x otherwise. Overwrites out. */
export function leakyReluForward(out: Float32Array, input: Float32Array, slope: number): void {
  for (let i = 0; i < input.length; i++) {
    const x = input[i]
    out[i] = x > 0 ? x : slope * x
  }
}

/** Accumulates dInput += dOut where the output was positive, slope·dOut elsewhere (the gradient at 0 is slope). */
export function leakyReluBackward(
  dInput: Float32Array,
  out: Float32Array,
  dOut: Float32Array,
  slope: number,
): void {
  for (let i = 0; i < out.length; i++) {
    dInput[i] += out[i] > 0 ? dOut[i] : slope * dOut[i]
  }
}

/** out = 1 / (1 + e^−x), computed without overflow for large |x|. Overwrites out. */
export function sigmoidForward(out: Float32Array, input: Float32Array): void {
  for (let i = 0; i < input.length; i++) {
    const x = input[i]
    if (x >= 0) {
      out[i] = 1 / (1 + Math.exp(-x))
    } else {
      const e = Math.exp(x) // e^x ≤ 1 here, so no overflow
      out[i] = e / (1 + e)
    }
  }
}

/** Accumulates dInput += dOut · y(1 − y). */
export function sigmoidBackward(dInput: Float32Array, out: Float32Array, dOut: Float32Array): void {
  for (let i = 0; i < out.length; i++) {
    const y = out[i]
    dInput[i] += dOut[i] * y * (1 - y)
  }
}

/** out = tanh(x). Overwrites out. */
export function tanhForward(out: Float32Array, input: Float32Array): void {
  for (let i = 0; i < input.length; i++) {
    out[i] = Math.tanh(input[i])
  }
}

/** Accumulates dInput += dOut · (1 − y²). */
export function tanhBackward(dInput: Float32Array, out: Float32Array, dOut: Float32Array): void {
  for (let i = 0; i < out.length; i++) {
    const y = out[i]
    dInput[i] += dOut[i] * (1 - y * y)
  }
}

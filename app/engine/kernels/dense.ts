// Fully connected layer: a matrix multiply plus a bias. Weights are stored (OUT, IN) as in PyTorch's nn.Linear,
// so one unit's weights are contiguous (what the inspector shows, and what export wants).
//
// N = batch, IN = input features, OUT = output features (units)
// input is (N, IN), weights is (OUT, IN), bias is (OUT), out is (N, OUT)
// reference: https://pytorch.org/docs/stable/generated/torch.nn.Linear.html

export type DenseShape = Readonly<{ batch: number; inFeatures: number; outFeatures: number }>

/** out = input · weightsᵀ + bias. Overwrites out. */
export function denseForward(
  out: Float32Array,
  input: Float32Array,
  weights: Float32Array,
  bias: Float32Array,
  shape: DenseShape,
): void {
  const { batch: N, inFeatures: IN, outFeatures: OUT } = shape
  for (let n = 0; n < N; n++) {
    const x = n * IN
    for (let o = 0; o < OUT; o++) {
      const w = o * IN
      let sum = bias[o]
      for (let i = 0; i < IN; i++) {
        sum += weights[w + i] * input[x + i]
      }
      out[n * OUT + o] = sum
    }
  }
}

/**
 * Accumulates (+=): dInput (N, IN) = dOut · weights, dWeights (OUT, IN) = dOutᵀ · input, dBias (OUT) = Σₙ dOut.
 */
export function denseBackward(
  dInput: Float32Array,
  dWeights: Float32Array,
  dBias: Float32Array,
  dOut: Float32Array,
  input: Float32Array,
  weights: Float32Array,
  shape: DenseShape,
): void {
  const { batch: N, inFeatures: IN, outFeatures: OUT } = shape
  for (let n = 0; n < N; n++) {
    const x = n * IN
    for (let o = 0; o < OUT; o++) {
      const g = dOut[n * OUT + o]
      const w = o * IN
      dBias[o] += g
      for (let i = 0; i < IN; i++) {
        dWeights[w + i] += g * input[x + i]
        dInput[x + i] += g * weights[w + i]
      }
    }
  }
}

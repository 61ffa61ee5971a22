// Batch normalisation per channel: y = γ·x̂ + β with x̂ = (x − mean) / sqrt(variance + ε). The statistics come
// from the layer (the whole batch's, summed over threads, in training; the running ones in inference), so the
// kernels are split at the points where those sums are taken: sums → (all-reduce) → normalise, and backward
// likewise. Sums are Float64 so that E[x²] − E[x]² keeps its precision over large batches.
//
// N = batch, C = channels (features for vectors), HW = positions per channel plane (1 for vectors),
// M = values per channel over the WHOLE batch (totalBatchSize·HW); input, out, xHat, dOut, dInput are (N, C, HW)
// reference: https://pytorch.org/docs/stable/generated/torch.nn.BatchNorm2d.html (biased variance in the forward)

export type BatchNormShape = Readonly<{ batch: number; channels: number; planeSize: number }>

/**
 * The two per-channel sums every pass needs: sums[c] = Σ values and sums[C + c] = Σ values·weights over this
 * batch's entries of channel c. Forward: (x, x) gives Σx and Σx²; backward: (dy, x̂) gives Σdy and Σdy·x̂.
 * Overwrites sums (length 2C).
 */
export function batchNormSums(
  sums: Float64Array,
  values: Float32Array,
  weights: Float32Array,
  shape: BatchNormShape,
): void {
  const { batch: N, channels: C, planeSize: HW } = shape
  sums.fill(0)
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const start = (n * C + c) * HW
      let sum = 0
      let weighted = 0
      for (let i = start; i < start + HW; i++) {
        sum += values[i]
        weighted += values[i] * weights[i]
      }
      sums[c] += sum
      sums[C + c] += weighted
    }
  }
}

/** xHat = (x − mean[c])·inverseStd[c], out = γ[c]·xHat + β[c]. Overwrites out and xHat. */
export function batchNormForward(
  out: Float32Array,
  xHat: Float32Array,
  input: Float32Array,
  mean: ArrayLike<number>,
  inverseStd: ArrayLike<number>,
  gamma: Float32Array,
  beta: Float32Array,
  shape: BatchNormShape,
): void {
  const { batch: N, channels: C, planeSize: HW } = shape
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const start = (n * C + c) * HW
      const mu = mean[c]
      const scale = inverseStd[c]
      for (let i = start; i < start + HW; i++) {
        const normalized = (input[i] - mu) * scale
        xHat[i] = normalized
        out[i] = gamma[c] * normalized + beta[c]
      }
    }
  }
}

/**
 * Accumulates dInput += γ·inverseStd·(dy − Σdy/M − x̂·Σ(dy·x̂)/M), where `sums` are the WHOLE batch's backward
 * sums and M its values per channel. With the statistics held fixed (inference), pass M = Infinity: the two
 * correction terms vanish and dInput = γ·inverseStd·dy.
 */
export function batchNormBackward(
  dInput: Float32Array,
  dOut: Float32Array,
  xHat: Float32Array,
  inverseStd: ArrayLike<number>,
  gamma: Float32Array,
  sums: Float64Array,
  valuesPerChannel: number,
  shape: BatchNormShape,
): void {
  const { batch: N, channels: C, planeSize: HW } = shape
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const start = (n * C + c) * HW
      const meanDy = sums[c] / valuesPerChannel
      const meanDyXHat = sums[C + c] / valuesPerChannel
      const scale = gamma[c] * inverseStd[c]
      for (let i = start; i < start + HW; i++) {
        dInput[i] += scale * (dOut[i] - meanDy - xHat[i] * meanDyXHat)
      }
    }
  }
}

// The fast fully connected kernels: the contract of denseForward / denseBackward (dense.ts, the naive reference
// they are tested against), as three matrix multiplies: denseForwardWith / denseBackwardWith take the matmul,
// denseForwardFast / denseBackwardFast the fastest this runtime has (WebAssembly SIMD, else TypeScript).
//
// N = batch, IN = input features, OUT = output features (units)
// input is (N, IN), weights is (OUT, IN), bias is (OUT), out is (N, OUT)
// out = input · weightsᵀ + bias;  dInput += dOut · weights;  dWeights += dOutᵀ · input;  dBias += Σₙ dOut

import { assert } from '../assert'
import type { DenseShape } from './dense'
import type { MatmulKernel } from './matmul'
import { fastestMatmul } from './wasm/matmulSimd'

function assertLengths(
  where: string,
  shape: DenseShape,
  arrays: Readonly<Record<string, Float32Array>>,
): void {
  const { batch: N, inFeatures: IN, outFeatures: OUT } = shape
  assert(
    [N, IN, OUT].every((size) => Number.isInteger(size) && size >= 1),
    () => `${where}: batch, inFeatures and outFeatures must be whole numbers ≥ 1, got ${N}, ${IN}, ${OUT}`,
  )
  const expected: Record<string, number> = {
    out: N * OUT,
    dOut: N * OUT,
    input: N * IN,
    dInput: N * IN,
    weights: OUT * IN,
    dWeights: OUT * IN,
    bias: OUT,
    dBias: OUT,
  }
  for (const [name, values] of Object.entries(arrays)) {
    assert(
      values.length === expected[name],
      () => `${where}: ${name} has ${values.length} values, expected ${expected[name]}`,
    )
  }
}

/** denseForward (dense.ts) with the given matmul. Overwrites out. */
export function denseForwardWith(
  multiply: MatmulKernel,
  out: Float32Array,
  input: Float32Array,
  weights: Float32Array,
  bias: Float32Array,
  shape: DenseShape,
): void {
  assertLengths('denseForwardFast', shape, { out, input, weights, bias })
  const { batch: N, inFeatures: IN, outFeatures: OUT } = shape
  for (let n = 0; n < N; n++) {
    out.set(bias, n * OUT)
  }
  multiply(out, input, weights, { rows: N, inner: IN, columns: OUT }, { transposeB: true, accumulate: true })
}

/** denseBackward (dense.ts) with the given matmul. Accumulates (+=) into dInput, dWeights and dBias. */
export function denseBackwardWith(
  multiply: MatmulKernel,
  dInput: Float32Array,
  dWeights: Float32Array,
  dBias: Float32Array,
  dOut: Float32Array,
  input: Float32Array,
  weights: Float32Array,
  shape: DenseShape,
): void {
  assertLengths('denseBackwardFast', shape, { dInput, dWeights, dBias, dOut, input, weights })
  const { batch: N, inFeatures: IN, outFeatures: OUT } = shape
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < OUT; o++) {
      dBias[o] += dOut[n * OUT + o]
    }
  }
  multiply(dInput, dOut, weights, { rows: N, inner: OUT, columns: IN }, { accumulate: true })
  multiply(
    dWeights,
    dOut,
    input,
    { rows: OUT, inner: N, columns: IN },
    { transposeA: true, accumulate: true },
  )
}

/** denseForward (dense.ts), fast. Overwrites out. */
export function denseForwardFast(
  out: Float32Array,
  input: Float32Array,
  weights: Float32Array,
  bias: Float32Array,
  shape: DenseShape,
): void {
  denseForwardWith(fastestMatmul(), out, input, weights, bias, shape)
}

/** denseBackward (dense.ts), fast. Accumulates (+=) into dInput, dWeights and dBias. */
export function denseBackwardFast(
  dInput: Float32Array,
  dWeights: Float32Array,
  dBias: Float32Array,
  dOut: Float32Array,
  input: Float32Array,
  weights: Float32Array,
  shape: DenseShape,
): void {
  denseBackwardWith(fastestMatmul(), dInput, dWeights, dBias, dOut, input, weights, shape)
}

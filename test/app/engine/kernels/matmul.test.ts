// The matrix multiplies: the naive reference against hand-computed products, and the blocked matmul against the
// reference on every transpose/accumulate combination and on sizes that hit the ragged edges and the blocks.

import { describe, expect, test } from 'vitest'
import { matmul, matmulNaive } from '../../../../app/engine/kernels/matmul'
import type { MatmulKernel, MatmulOptions, MatmulShape } from '../../../../app/engine/kernels/matmul'
import { matmulSimd } from '../../../../app/engine/kernels/wasm/matmulSimd'
import { isSimdAvailable } from '../../../../app/engine/kernels/wasm/simdModule'
import { expectClose, randomArray } from '../testUtils'

/** Stores a (rows × columns) nested array row-major, or transposed (columns × rows) when asked. */
function store(matrix: number[][], transposed: boolean): Float32Array {
  const rows = matrix.length
  const columns = matrix[0].length
  const values = new Float32Array(rows * columns)
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) {
      values[transposed ? j * rows + i : i * columns + j] = matrix[i][j]
    }
  }
  return values
}

describe('matmulNaive', () => {
  const A = [
    [1, 2, 3],
    [4, 5, 6],
  ]
  const B = [
    [7, 8],
    [9, 10],
    [11, 12],
  ]
  // [1·7 + 2·9 + 3·11, 1·8 + 2·10 + 3·12; 4·7 + 5·9 + 6·11, 4·8 + 5·10 + 6·12]
  const product = [58, 64, 139, 154]
  const shape: MatmulShape = { rows: 2, inner: 3, columns: 2 }

  test.each([
    { transposeA: false, transposeB: false },
    { transposeA: true, transposeB: false },
    { transposeA: false, transposeB: true },
    { transposeA: true, transposeB: true },
  ])('2×3 · 3×2 by hand, transposeA $transposeA, transposeB $transposeB', ({ transposeA, transposeB }) => {
    const out = new Float32Array(4).fill(NaN)
    matmulNaive(out, store(A, transposeA), store(B, transposeB), shape, { transposeA, transposeB })
    expect(Array.from(out)).toEqual(product)
  })

  test('accumulate adds to what out holds', () => {
    const out = Float32Array.of(1, 2, 3, 4)
    matmulNaive(out, store(A, false), store(B, false), shape, { accumulate: true })
    expect(Array.from(out)).toEqual([59, 66, 142, 158])
  })
})

// Node 20 always has WebAssembly SIMD; a runtime without it would skip the SIMD variant rather than fail.
const VARIANTS: readonly { name: string; kernel: MatmulKernel }[] = [
  { name: 'matmul', kernel: matmul },
  ...(isSimdAvailable() ? [{ name: 'matmulSimd', kernel: matmulSimd }] : []),
]

test('WebAssembly SIMD is available under Node 20', () => {
  expect(isSimdAvailable()).toBe(true)
})

describe.each(VARIANTS)('$name matches matmulNaive', ({ kernel }) => {
  const sizes: MatmulShape[] = [
    { rows: 1, inner: 1, columns: 1 },
    { rows: 3, inner: 5, columns: 7 },
    { rows: 4, inner: 4, columns: 4 },
    { rows: 8, inner: 25, columns: 784 }, // LeNet's first conv per image
    { rows: 17, inner: 130, columns: 263 }, // ragged rows and columns, past one inner and one column block
    { rows: 64, inner: 300, columns: 10 }, // a dense layer: ten columns leave a ragged pair
    { rows: 6, inner: 257, columns: 517 },
    { rows: 5, inner: 9, columns: 13 }, // ragged against the SIMD tile (4×8) in both directions
  ]
  const forms: MatmulOptions[] = [
    {},
    { transposeA: true },
    { transposeB: true },
    { transposeA: true, transposeB: true },
  ]
  const cases = sizes.flatMap((shape) =>
    forms.flatMap((form) =>
      [false, true].map((accumulate) => ({
        shape,
        options: { ...form, accumulate },
        label: `(${shape.rows}×${shape.inner})·(${shape.inner}×${shape.columns}) ${JSON.stringify(form)} +=${accumulate}`,
      })),
    ),
  )

  test.each(cases)('$label', ({ shape, options }) => {
    const { rows, inner, columns } = shape
    const a = randomArray(rows * inner, 1)
    const b = randomArray(inner * columns, 2)
    const start = randomArray(rows * columns, 3)
    const expected = Float32Array.from(start)
    matmulNaive(expected, a, b, shape, options)
    const actual = Float32Array.from(options.accumulate ? start : new Float32Array(rows * columns).fill(NaN))
    kernel(actual, a, b, shape, options)
    expectClose(actual, expected, { atol: 1e-5, rtol: 1e-5 })
  })

  test('leaves values past M*N in a longer out untouched', () => {
    const shape = { rows: 5, inner: 3, columns: 6 }
    const out = new Float32Array(5 * 6 + 4).fill(7)
    kernel(out, randomArray(15, 1), randomArray(18, 2), shape)
    expect(Array.from(out.subarray(30))).toEqual([7, 7, 7, 7])
  })
})

describe('argument checks', () => {
  test.each([
    { variant: 'matmul', kernel: matmul },
    { variant: 'matmulNaive', kernel: matmulNaive },
    { variant: 'matmulSimd', kernel: matmulSimd },
  ])('$variant names the arrays that are too short', ({ variant, kernel }) => {
    const run = () =>
      kernel(new Float32Array(6), new Float32Array(6), new Float32Array(5), { rows: 2, inner: 3, columns: 3 })
    expect(run).toThrow(
      `${variant}: out, A and B hold 6, 6 and 5 values, expected at least M*N = 6, M*K = 6 and K*N = 9`,
    )
  })

  test('refuses a zero or fractional size', () => {
    const values = new Float32Array(4)
    expect(() => matmul(values, values, values, { rows: 0, inner: 1, columns: 1 })).toThrow(
      'matmul: rows, inner and columns must be whole numbers ≥ 1, got 0, 1, 1',
    )
    expect(() => matmul(values, values, values, { rows: 1.5, inner: 1, columns: 1 })).toThrow('got 1.5, 1, 1')
  })
})

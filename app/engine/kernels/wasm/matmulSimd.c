// The matmul of app/engine/kernels/matmul.ts in WebAssembly SIMD (f32x4): out (M, N) = [out +] op(A) · op(B).
// Built with conv2dSimd.c by `npm run build:wasm` (clang --target=wasm32 -msimd128, scripts/build-wasm.mjs) into
// simdKernelsWasm.ts beside this file; matmulSimd.ts moves the arrays in and out of the module's memory.
// Both operands are first packed into panels (any transpose is absorbed there), then a 4×8 register tile runs
// over the whole inner dimension: eight f32x4 sums, two loads of B and four broadcasts of A per step.
//
// M = rows of out, K = inner dimension, N = columns of out; all matrices row-major.
// packedA is (ceil(M/4), K, 4) and packedB (ceil(N/8), K, 8), zero-filled past the edges.

#include "matmulSimd.h"

// op(A)[i, k] is a[i * K + k], or a[k * M + i] when transposed. Rows past M are packed as zeros.
void pack_a(float *packed, const float *a, int M, int K, int transposed) {
  for (int i0 = 0; i0 < M; i0 += TILE_ROWS) {
    for (int k = 0; k < K; k++) {
      for (int r = 0; r < TILE_ROWS; r++) {
        int i = i0 + r;
        *packed++ = i < M ? (transposed ? a[k * M + i] : a[i * K + k]) : 0.0f;
      }
    }
  }
}

// Four rows of a transposed B, four values each, as four columns: a 4×4 transpose in registers.
static inline void transpose_4x4(v128_t *c0, v128_t *c1, v128_t *c2, v128_t *c3, v128_t r0, v128_t r1, v128_t r2,
                                 v128_t r3) {
  v128_t low01 = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5), low23 = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5);
  v128_t high01 = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7), high23 = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);
  *c0 = wasm_i32x4_shuffle(low01, low23, 0, 1, 4, 5);
  *c1 = wasm_i32x4_shuffle(low01, low23, 2, 3, 6, 7);
  *c2 = wasm_i32x4_shuffle(high01, high23, 0, 1, 4, 5);
  *c3 = wasm_i32x4_shuffle(high01, high23, 2, 3, 6, 7);
}

// A full 8-column panel of a transposed B (stored (N, K)): four k at a time, two 4×4 transposes per step.
static float *pack_b_transposed_panel(float *packed, const float *b, int K, int j0) {
  const float *rows = b + j0 * K;
  int k = 0;
  for (; k + 4 <= K; k += 4) {
    v128_t low[4], high[4];
    transpose_4x4(&low[0], &low[1], &low[2], &low[3], wasm_v128_load(rows + k), wasm_v128_load(rows + K + k),
                  wasm_v128_load(rows + 2 * K + k), wasm_v128_load(rows + 3 * K + k));
    transpose_4x4(&high[0], &high[1], &high[2], &high[3], wasm_v128_load(rows + 4 * K + k),
                  wasm_v128_load(rows + 5 * K + k), wasm_v128_load(rows + 6 * K + k), wasm_v128_load(rows + 7 * K + k));
    for (int step = 0; step < 4; step++) {
      wasm_v128_store(packed, low[step]);
      wasm_v128_store(packed + 4, high[step]);
      packed += TILE_COLUMNS;
    }
  }
  for (; k < K; k++) {
    for (int c = 0; c < TILE_COLUMNS; c++) {
      *packed++ = rows[c * K + k];
    }
  }
  return packed;
}

// op(B)[k, j] is b[k * N + j], or b[j * K + k] when transposed. Columns past N are packed as zeros.
void pack_b(float *packed, const float *b, int K, int N, int transposed) {
  for (int j0 = 0; j0 < N; j0 += TILE_COLUMNS) {
    int isFull = j0 + TILE_COLUMNS <= N;
    if (isFull && transposed) {
      packed = pack_b_transposed_panel(packed, b, K, j0);
      continue;
    }
    for (int k = 0; k < K; k++) {
      if (isFull) {
        wasm_v128_store(packed, wasm_v128_load(b + k * N + j0));
        wasm_v128_store(packed + 4, wasm_v128_load(b + k * N + j0 + 4));
        packed += TILE_COLUMNS;
        continue;
      }
      for (int c = 0; c < TILE_COLUMNS; c++) {
        int j = j0 + c;
        *packed++ = j < N ? (transposed ? b[j * K + k] : b[k * N + j]) : 0.0f;
      }
    }
  }
}

// Writes (or adds) eight sums to a full-width row of a tile; rows past M are not written.
static inline void store_row(float *row, v128_t low, v128_t high, int isInside, int accumulate) {
  if (!isInside) {
    return;
  }
  if (accumulate) {
    low = wasm_f32x4_add(low, wasm_v128_load(row));
    high = wasm_f32x4_add(high, wasm_v128_load(row + 4));
  }
  wasm_v128_store(row, low);
  wasm_v128_store(row + 4, high);
}

// One 4×8 tile of out from a 4-row panel of A and an 8-column panel of B; only rows × columns of it are written.
static void tile(float *out, int N, const float *pa, const float *pb, int K, int rows, int columns,
                 int accumulate) {
  v128_t c00 = wasm_f32x4_splat(0.0f), c01 = c00, c10 = c00, c11 = c00;
  v128_t c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  for (int k = 0; k < K; k++) {
    v128_t b0 = wasm_v128_load(pb);
    v128_t b1 = wasm_v128_load(pb + 4);
    v128_t a = wasm_v128_load32_splat(pa);
    c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(a, b0));
    c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(a, b1));
    a = wasm_v128_load32_splat(pa + 1);
    c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(a, b0));
    c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(a, b1));
    a = wasm_v128_load32_splat(pa + 2);
    c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(a, b0));
    c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(a, b1));
    a = wasm_v128_load32_splat(pa + 3);
    c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(a, b0));
    c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(a, b1));
    pa += TILE_ROWS;
    pb += TILE_COLUMNS;
  }
  if (columns == TILE_COLUMNS) {
    store_row(out, c00, c01, 0 < rows, accumulate);
    store_row(out + N, c10, c11, 1 < rows, accumulate);
    store_row(out + 2 * N, c20, c21, 2 < rows, accumulate);
    store_row(out + 3 * N, c30, c31, 3 < rows, accumulate);
    return;
  }
  // A ragged tile (the last columns of out): through a small buffer, one value at a time.
  float spill[TILE_ROWS * TILE_COLUMNS];
  wasm_v128_store(spill, c00);
  wasm_v128_store(spill + 4, c01);
  wasm_v128_store(spill + 8, c10);
  wasm_v128_store(spill + 12, c11);
  wasm_v128_store(spill + 16, c20);
  wasm_v128_store(spill + 20, c21);
  wasm_v128_store(spill + 24, c30);
  wasm_v128_store(spill + 28, c31);
  for (int r = 0; r < rows; r++) {
    for (int c = 0; c < columns; c++) {
      float value = spill[r * TILE_COLUMNS + c];
      out[r * N + c] = accumulate ? out[r * N + c] + value : value;
    }
  }
}

void multiply_packed(float *out, const float *packedA, const float *packedB, int M, int K, int N,
                     int accumulate) {
  for (int j0 = 0; j0 < N; j0 += TILE_COLUMNS) {
    const float *pb = packedB + (j0 / TILE_COLUMNS) * K * TILE_COLUMNS;
    int columns = N - j0 < TILE_COLUMNS ? N - j0 : TILE_COLUMNS;
    for (int i0 = 0; i0 < M; i0 += TILE_ROWS) {
      const float *pa = packedA + (i0 / TILE_ROWS) * K * TILE_ROWS;
      int rows = M - i0 < TILE_ROWS ? M - i0 : TILE_ROWS;
      tile(out + i0 * N + j0, N, pa, pb, K, rows, columns, accumulate);
    }
  }
}

// Entry point. out, a, b, packedA and packedB are byte addresses in this module's memory, laid out by the caller.
__attribute__((export_name("matmul")))
void matmul(float *out, const float *a, const float *b, float *packedA, float *packedB, int M, int K, int N,
            int transposeA, int transposeB, int accumulate) {
  pack_a(packedA, a, M, K, transposeA);
  pack_b(packedB, b, K, N, transposeB);
  multiply_packed(out, packedA, packedB, M, K, N, accumulate);
}

#pragma once

// The panel matrix multiply of matmulSimd.c, shared with conv2dSimd.c (which packs its own panels).
// Layout of the panels: packedA is (ceil(M/4), K, 4) and packedB (ceil(N/8), K, 8), zero past the edges.

#include <wasm_simd128.h>

#define TILE_ROWS 4
#define TILE_COLUMNS 8

/** Packs op(A) (M, K): A stored (M, K), or (K, M) when transposed. */
void pack_a(float *packed, const float *a, int M, int K, int transposed);

/** Packs op(B) (K, N): B stored (K, N), or (N, K) when transposed. */
void pack_b(float *packed, const float *b, int K, int N, int transposed);

/** out (M, N) = [out +] A · B from packed panels. */
void multiply_packed(float *out, const float *packedA, const float *packedB, int M, int K, int N,
                     int accumulate);

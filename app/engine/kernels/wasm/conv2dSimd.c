// The fast convolution (app/engine/kernels/conv2dFast.ts) done wholly in WebAssembly SIMD. Forward packs the
// matmul panels of the im2col column matrix straight from the image (the matrix is never built); backward builds
// it once per image for dWeights and scatters dcol back with col2im. The panel multiply is matmulSimd.c's. conv2dSimd.ts moves the arrays in and out of the module's memory.
//
// N = batch, C = input channels, H/W = input size, OC = output channels, K = kernel size, S = stride,
// P = padding, OH/OW = output size, CKK = C*K*K, OHW = OH*OW
// input is (N, C, H, W), weights (OC, CKK), bias (OC), out (N, OC, OH, OW); col(image) is (CKK, OHW)

#include "matmulSimd.h"

#define EXPORT(name) __attribute__((export_name(name)))

typedef struct {
  int C, H, W, K, S, P, OH, OW;
} Geometry;

static Geometry geometry(int C, int H, int W, int K, int S, int P) {
  Geometry g = {C, H, W, K, S, P, (H + 2 * P - K) / S + 1, (W + 2 * P - K) / S + 1};
  return g;
}

static int round_up(int value, int step) { return (value + step - 1) / step * step; }

static int pixel_inside(const Geometry *g, int ih, int iw) {
  return ih >= 0 && ih < g->H && iw >= 0 && iw < g->W;
}

// col(image) packed as a B operand (CKK, OHW): panels of 8 output positions. Where the 8 positions are one run
// of a row at stride 1 and the window row lies inside the image, the 8 values are two vector loads.
static void pack_columns(float *packed, const float *image, const Geometry *g) {
  int OHW = g->OH * g->OW;
  for (int j0 = 0; j0 < OHW; j0 += TILE_COLUMNS) {
    int top[TILE_COLUMNS], left[TILE_COLUMNS], used[TILE_COLUMNS];
    for (int c = 0; c < TILE_COLUMNS; c++) {
      int p = j0 + c;
      used[c] = p < OHW;
      top[c] = used[c] ? (p / g->OW) * g->S - g->P : 0;
      left[c] = used[c] ? (p % g->OW) * g->S - g->P : 0;
    }
    int isRun = used[TILE_COLUMNS - 1] && g->S == 1 && top[0] == top[TILE_COLUMNS - 1];
    for (int ch = 0; ch < g->C; ch++) {
      const float *plane = image + ch * g->H * g->W;
      for (int kh = 0; kh < g->K; kh++) {
        for (int kw = 0; kw < g->K; kw++) {
          int ih = top[0] + kh, iw = left[0] + kw;
          if (isRun && ih >= 0 && ih < g->H && iw >= 0 && iw + TILE_COLUMNS <= g->W) {
            const float *source = plane + ih * g->W + iw;
            wasm_v128_store(packed, wasm_v128_load(source));
            wasm_v128_store(packed + 4, wasm_v128_load(source + 4));
            packed += TILE_COLUMNS;
            continue;
          }
          for (int c = 0; c < TILE_COLUMNS; c++) {
            int y = top[c] + kh, x = left[c] + kw;
            *packed++ = used[c] && pixel_inside(g, y, x) ? plane[y * g->W + x] : 0.0f;
          }
        }
      }
    }
  }
}

// The output positions ow (or oh) whose input column ow*S - P + k lies inside 0..size-1, as [first, end).
static void inside_range(int k, int size, int outSize, int S, int P, int *first, int *end) {
  int low = P - k > 0 ? (P - k + S - 1) / S : 0; // ceil((P - k) / S), for P - k > 0
  int high = size - 1 + P - k >= 0 ? (size - 1 + P - k) / S + 1 : 0;
  *first = low < outSize ? low : outSize;
  *end = high < outSize ? high : outSize;
  if (*end < *first) {
    *end = *first;
  }
}

// col = im2col(image) (CKK, OHW), overwritten: for each kernel offset, rows of the image copied at stride S.
static void im2col(float *col, const float *image, const Geometry *g) {
  for (int ch = 0; ch < g->C; ch++) {
    const float *plane = image + ch * g->H * g->W;
    for (int kh = 0; kh < g->K; kh++) {
      int ohFirst, ohEnd;
      inside_range(kh, g->H, g->OH, g->S, g->P, &ohFirst, &ohEnd);
      for (int kw = 0; kw < g->K; kw++) {
        int owFirst, owEnd;
        inside_range(kw, g->W, g->OW, g->S, g->P, &owFirst, &owEnd);
        for (int oh = 0; oh < g->OH; oh++) {
          float *target = col + oh * g->OW;
          int isInside = oh >= ohFirst && oh < ohEnd;
          const float *source = plane + (oh * g->S - g->P + kh) * g->W - g->P + kw;
          for (int ow = 0; ow < g->OW; ow++) {
            target[ow] = isInside && ow >= owFirst && ow < owEnd ? source[ow * g->S] : 0.0f;
          }
        }
        col += g->OH * g->OW;
      }
    }
  }
}

// dImage += col2im(dCol): each column-matrix value goes back to the pixel it was copied from (padding dropped).
static void col2im_add(float *dImage, const float *dCol, const Geometry *g) {
  for (int ch = 0; ch < g->C; ch++) {
    float *plane = dImage + ch * g->H * g->W;
    for (int kh = 0; kh < g->K; kh++) {
      int ohFirst, ohEnd;
      inside_range(kh, g->H, g->OH, g->S, g->P, &ohFirst, &ohEnd);
      for (int kw = 0; kw < g->K; kw++) {
        int owFirst, owEnd;
        inside_range(kw, g->W, g->OW, g->S, g->P, &owFirst, &owEnd);
        for (int oh = ohFirst; oh < ohEnd; oh++) {
          float *target = plane + (oh * g->S - g->P + kh) * g->W - g->P + kw;
          const float *source = dCol + oh * g->OW;
          for (int ow = owFirst; ow < owEnd; ow++) {
            target[ow * g->S] += source[ow];
          }
        }
        dCol += g->OH * g->OW;
      }
    }
  }
}

// How many floats of scratch conv2d_forward needs.
EXPORT("conv2d_forward_scratch") int conv2d_forward_scratch(int C, int H, int W, int OC, int K, int S, int P) {
  Geometry g = geometry(C, H, W, K, S, P);
  int CKK = C * K * K;
  return round_up(OC, TILE_ROWS) * CKK + round_up(g.OH * g.OW, TILE_COLUMNS) * CKK;
}

// out = weights ⋆ input + bias, overwritten. scratch holds conv2d_forward_scratch(...) floats.
EXPORT("conv2d_forward")
void conv2d_forward(float *out, const float *input, const float *weights, const float *bias, float *scratch, int N,
                    int C, int H, int W, int OC, int K, int S, int P) {
  Geometry g = geometry(C, H, W, K, S, P);
  int CKK = C * K * K, OHW = g.OH * g.OW;
  float *packedWeights = scratch;
  float *packedColumns = packedWeights + round_up(OC, TILE_ROWS) * CKK;
  pack_a(packedWeights, weights, OC, CKK, 0); // once for the whole batch
  for (int n = 0; n < N; n++) {
    float *image = out + n * OC * OHW;
    for (int oc = 0; oc < OC; oc++) {
      for (int p = 0; p < OHW; p++) {
        image[oc * OHW + p] = bias[oc];
      }
    }
    pack_columns(packedColumns, input + n * C * H * W, &g);
    multiply_packed(image, packedWeights, packedColumns, OC, CKK, OHW, 1);
  }
}

// How many floats of scratch conv2d_backward needs.
EXPORT("conv2d_backward_scratch") int conv2d_backward_scratch(int C, int H, int W, int OC, int K, int S, int P) {
  Geometry g = geometry(C, H, W, K, S, P);
  int CKK = C * K * K, OHW = g.OH * g.OW;
  int packedB = round_up(CKK, TILE_COLUMNS) * OHW;
  int packedDOut = round_up(OHW, TILE_COLUMNS) * OC;
  int panels = packedB > packedDOut ? packedB : packedDOut;
  return round_up(CKK, TILE_ROWS) * OC + round_up(OC, TILE_ROWS) * OHW + panels + CKK * OHW;
}

// dWeights += dOut[n] · col(input[n])ᵀ, dBias += Σ dOut[n], dInput[n] += col2im(weightsᵀ · dOut[n]).
EXPORT("conv2d_backward")
void conv2d_backward(float *dInput, float *dWeights, float *dBias, const float *dOut, const float *input,
                     const float *weights, float *scratch, int N, int C, int H, int W, int OC, int K, int S, int P) {
  Geometry g = geometry(C, H, W, K, S, P);
  int CKK = C * K * K, OHW = g.OH * g.OW;
  int packedB = round_up(CKK, TILE_COLUMNS) * OHW;
  int packedDOut = round_up(OHW, TILE_COLUMNS) * OC;
  float *weightsTransposed = scratch;
  float *dOutRows = weightsTransposed + round_up(CKK, TILE_ROWS) * OC;
  float *panels = dOutRows + round_up(OC, TILE_ROWS) * OHW;
  float *dCol = panels + (packedB > packedDOut ? packedB : packedDOut);
  pack_a(weightsTransposed, weights, CKK, OC, 1); // once for the whole batch
  for (int n = 0; n < N; n++) {
    const float *d = dOut + n * OC * OHW;
    for (int oc = 0; oc < OC; oc++) {
      float sum = 0.0f;
      for (int p = 0; p < OHW; p++) {
        sum += d[oc * OHW + p];
      }
      dBias[oc] += sum;
    }
    pack_a(dOutRows, d, OC, OHW, 0);
    im2col(dCol, input + n * C * H * W, &g); // dCol holds the columns until the product below overwrites them
    pack_b(panels, dCol, OHW, CKK, 1);
    multiply_packed(dWeights, dOutRows, panels, OC, OHW, CKK, 1);
    pack_b(panels, d, OC, OHW, 0);
    multiply_packed(dCol, weightsTransposed, panels, CKK, OC, OHW, 0);
    col2im_add(dInput + n * C * H * W, dCol, &g);
  }
}

// Bilinear resizing of one plane, with PyTorch's F.interpolate(mode='bilinear', align_corners=False) and
// OpenCV's INTER_LINEAR convention: pixel centres align, source coordinates are clamped at the edges.
// Used to lay a coarse Grad-CAM map over its input image. Not an image-processing library.
//
// H/W = source height/width, OH/OW = output height/width; planes are row-major.
// reference: https://pytorch.org/docs/stable/generated/torch.nn.functional.interpolate.html

import { assert } from '../assert'

/** Output position o on an axis of `outSize` over `inSize` source pixels: its two sources and the weight. */
function sourceOf(o: number, inSize: number, outSize: number): { low: number; high: number; t: number } {
  const position = Math.max(0, ((o + 0.5) * inSize) / outSize - 0.5)
  const low = Math.min(Math.floor(position), inSize - 1)
  const high = Math.min(low + 1, inSize - 1)
  return { low, high, t: position - low }
}

/** out (OH, OW) = bilinear resize of input (H, W). Overwrites out. */
export function resizeBilinear(
  out: Float32Array,
  input: Float32Array,
  H: number,
  W: number,
  OH: number,
  OW: number,
): void {
  assert(
    input.length === H * W && out.length === OH * OW && H >= 1 && W >= 1,
    () => `resizeBilinear: input has ${input.length} values for ${H}×${W}, out ${out.length} for ${OH}×${OW}`,
  )
  const columns = Array.from({ length: OW }, (_, ow) => sourceOf(ow, W, OW))
  for (let oh = 0; oh < OH; oh++) {
    const row = sourceOf(oh, H, OH)
    for (let ow = 0; ow < OW; ow++) {
      const column = columns[ow]
      const top =
        input[row.low * W + column.low] * (1 - column.t) + input[row.low * W + column.high] * column.t
      const bottom =
        input[row.high * W + column.low] * (1 - column.t) + input[row.high * W + column.high] * column.t
      out[oh * OW + ow] = top * (1 - row.t) + bottom * row.t
    }
  }
}

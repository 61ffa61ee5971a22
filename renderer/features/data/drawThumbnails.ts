// Paints a row-wrapped grid of small images, (H, W, C) uint8 each, into RGBA pixels with nearest-neighbour
// scaling (crisp pixels: upscaled by a whole factor when small, subsampled when large). The pure part,
// paintThumbnails, is tested; drawThumbnails only hands its pixels to a canvas. No smoothing, no text.

import type { TensorShape } from '../../../app/model/networkSpec'

export type ThumbnailLayout = Readonly<{
  /** The longest side of one thumbnail in pixels, before the whole-number rounding for small images. */
  cellSize: number
  columns: number
  gap: number
}>

export type ThumbnailPixels = Readonly<{
  width: number
  height: number
  pixels: Uint8ClampedArray<ArrayBuffer>
}>

export const DEFAULT_THUMBNAIL_LAYOUT: ThumbnailLayout = { cellSize: 64, columns: 4, gap: 4 }

/**
 * How much one image pixel is enlarged: the whole number that comes nearest to `cellSize` for small images (a 33
 * pixel image is doubled rather than left tiny), a fraction for images larger than the cell.
 */
export function thumbnailScale(shape: TensorShape, cellSize: number): number {
  const longest = Math.max(shape.height, shape.width)
  return longest <= cellSize ? Math.max(1, Math.round(cellSize / longest)) : cellSize / longest
}

/** One pixel as RGBA: grey for 1 channel, grey + alpha for 2, RGB for 3, RGBA for 4 (more are ignored). */
function readPixel(
  image: Uint8Array,
  offset: number,
  channels: number,
  out: Uint8ClampedArray,
  at: number,
): void {
  if (channels < 3) {
    out[at] = out[at + 1] = out[at + 2] = image[offset]
    out[at + 3] = channels === 2 ? image[offset + 1] : 255
    return
  }
  out[at] = image[offset]
  out[at + 1] = image[offset + 1]
  out[at + 2] = image[offset + 2]
  out[at + 3] = channels === 4 ? image[offset + 3] : 255
}

/** Lays the images out left to right, wrapping after `columns`; space between them stays transparent. */
export function paintThumbnails(
  images: readonly Uint8Array[],
  shape: TensorShape,
  layout: ThumbnailLayout = DEFAULT_THUMBNAIL_LAYOUT,
): ThumbnailPixels {
  const { height, width, channels } = shape
  const scale = thumbnailScale(shape, layout.cellSize)
  const cellWidth = Math.max(1, Math.round(width * scale))
  const cellHeight = Math.max(1, Math.round(height * scale))
  const columns = Math.max(1, Math.min(layout.columns, images.length))
  const rows = Math.ceil(images.length / columns)
  const outWidth = images.length === 0 ? 0 : columns * cellWidth + (columns - 1) * layout.gap
  const outHeight = rows === 0 ? 0 : rows * cellHeight + (rows - 1) * layout.gap
  const pixels = new Uint8ClampedArray(outWidth * outHeight * 4)
  images.forEach((image, index) => {
    const left = (index % columns) * (cellWidth + layout.gap)
    const top = Math.floor(index / columns) * (cellHeight + layout.gap)
    for (let y = 0; y < cellHeight; y++) {
      const sourceY = Math.min(height - 1, Math.floor(y / scale))
      for (let x = 0; x < cellWidth; x++) {
        const sourceX = Math.min(width - 1, Math.floor(x / scale))
        readPixel(
          image,
          (sourceY * width + sourceX) * channels,
          channels,
          pixels,
          ((top + y) * outWidth + left + x) * 4,
        )
      }
    }
  })
  return { width: outWidth, height: outHeight, pixels }
}

/** One image as RGBA at its own size (one canvas pixel per image pixel), for a canvas that CSS enlarges. */
export function paintOneImage(image: Uint8Array, shape: TensorShape): ThumbnailPixels {
  return paintThumbnails([image], shape, { cellSize: Math.max(shape.width, shape.height), columns: 1, gap: 0 })
}

/** Sizes the canvas to the grid and puts the pixels in; CSS `image-rendering: pixelated` keeps HiDPI crisp. */
export function drawThumbnails(
  canvas: HTMLCanvasElement,
  images: readonly Uint8Array[],
  shape: TensorShape,
  layout: ThumbnailLayout = DEFAULT_THUMBNAIL_LAYOUT,
): void {
  const painted = paintThumbnails(images, shape, layout)
  canvas.width = painted.width
  canvas.height = painted.height
  const context = canvas.getContext('2d')
  if (context === null || painted.width === 0) {
    return
  }
  context.putImageData(new ImageData(painted.pixels, painted.width, painted.height), 0, 0)
}

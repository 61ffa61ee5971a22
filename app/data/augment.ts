// Seeded data augmentation of one uint8 HWC image (the dataset layout), and a batch helper that augments and then
// normalises exactly as fillInputBatch does. Geometry is one inverse-mapped pass: flip, then rotation about the
// centre (bilinear, edge fill), then shift (zero fill, like torchvision's RandomCrop with padding); colour follows
// torchvision's ColorJitter on uint8: brightness scales values, contrast blends with the image's mean grey.
// Not here: which images, in which order (the sampler), and per-thread seeding (the loader's choice of Random).

import { assert } from '../engine/assert'
import type { Random } from '../engine/random'
import type { TensorShape } from '../model/networkSpec'
import { fillInputBatch } from './batch'
import { checkIndices, imageByteLength } from './imageDataset'
import type { ImageDataset, Normalization } from './imageDataset'

export type AugmentationSettings = Readonly<{
  /** Mirror left–right with probability 0.5. */
  flip: boolean
  /** Shift by a whole number of pixels drawn uniformly from −shiftPixels..shiftPixels on each axis. */
  shiftPixels: number
  /** Rotate by an angle drawn uniformly from ±rotationDegrees (counter-clockwise positive), at most 180. */
  rotationDegrees: number
  /** Multiply values by a factor drawn from 1 ± brightness, in [0, 1]. */
  brightness: number
  /** Blend with the mean grey by a factor drawn from 1 ± contrast, in [0, 1]. */
  contrast: number
}>

export const NO_AUGMENTATION: AugmentationSettings = {
  flip: false,
  shiftPixels: 0,
  rotationDegrees: 0,
  brightness: 0,
  contrast: 0,
}

/** One image's drawn transformation; applyAugmentation with the identity draw copies the image. */
export type AugmentationDraw = {
  flip: boolean
  shiftX: number
  shiftY: number
  angleDegrees: number
  brightnessFactor: number
  contrastFactor: number
}

/** A new draw that changes nothing; drawAugmentation overwrites every field. */
export function identityDraw(): AugmentationDraw {
  return { flip: false, shiftX: 0, shiftY: 0, angleDegrees: 0, brightnessFactor: 1, contrastFactor: 1 }
}

/** Throws naming the first setting outside its range; `where` prefixes the message. */
export function checkAugmentationSettings(settings: AugmentationSettings, where: string): void {
  const { flip, shiftPixels, rotationDegrees, brightness, contrast } = settings
  assert(typeof flip === 'boolean', () => `${where}: flip must be true or false, got ${flip}`)
  assert(
    Number.isInteger(shiftPixels) && shiftPixels >= 0,
    () => `${where}: shiftPixels must be a whole number ≥ 0, got ${shiftPixels}`,
  )
  assert(
    rotationDegrees >= 0 && rotationDegrees <= 180,
    () => `${where}: rotationDegrees must be from 0 to 180, got ${rotationDegrees}`,
  )
  assert(brightness >= 0 && brightness <= 1, () => `${where}: brightness must be from 0 to 1, got ${brightness}`)
  assert(contrast >= 0 && contrast <= 1, () => `${where}: contrast must be from 0 to 1, got ${contrast}`)
}

/**
 * Draws one image's transformation, in a fixed order, only for what is switched on (so NO_AUGMENTATION draws
 * nothing): flip, shift y, shift x, angle, brightness, contrast. Writes into `draw` to allocate nothing.
 */
export function drawAugmentation(draw: AugmentationDraw, settings: AugmentationSettings, random: Random): void {
  const { shiftPixels: k, rotationDegrees, brightness, contrast } = settings
  draw.flip = settings.flip && random.uniform() < 0.5
  draw.shiftY = k > 0 ? random.integer(2 * k + 1) - k : 0
  draw.shiftX = k > 0 ? random.integer(2 * k + 1) - k : 0
  draw.angleDegrees = rotationDegrees > 0 ? (2 * random.uniform() - 1) * rotationDegrees : 0
  draw.brightnessFactor = brightness > 0 ? 1 + (2 * random.uniform() - 1) * brightness : 1
  draw.contrastFactor = contrast > 0 ? 1 + (2 * random.uniform() - 1) * contrast : 1
}

function toByte(value: number): number {
  return value <= 0 ? 0 : value >= 255 ? 255 : Math.round(value)
}

/** Flip and shift only: whole-pixel copies, zero where the shift uncovers the border. */
function copyShifted(
  out: Uint8Array,
  at: number,
  image: Uint8Array,
  from: number,
  shape: TensorShape,
  draw: AugmentationDraw,
) {
  const { height, width, channels } = shape
  const { flip, shiftX, shiftY } = draw
  const rowBytes = width * channels
  // Output columns x0..x1−1 have a source column; the rest of the row is padding.
  const x0 = Math.min(Math.max(shiftX, 0), width)
  const x1 = Math.max(Math.min(width + shiftX, width), x0)
  for (let y = 0; y < height; y++) {
    const row = at + y * rowBytes
    const sourceY = y - shiftY
    if (sourceY < 0 || sourceY >= height) {
      out.fill(0, row, row + rowBytes)
      continue
    }
    out.fill(0, row, row + x0 * channels)
    out.fill(0, row + x1 * channels, row + rowBytes)
    const sourceRow = from + sourceY * rowBytes
    if (!flip) {
      // One contiguous run of bytes.
      const source = sourceRow + (x0 - shiftX) * channels
      for (let i = x0 * channels; i < x1 * channels; i++) {
        out[row + i] = image[source + i - x0 * channels]
      }
      continue
    }
    for (let x = x0; x < x1; x++) {
      const target = row + x * channels
      const source = sourceRow + (width - 1 - (x - shiftX)) * channels
      for (let c = 0; c < channels; c++) {
        out[target + c] = image[source + c]
      }
    }
  }
}

/** Flip, rotation about the centre (bilinear, edge fill), then shift (zero fill), as one inverse map. */
function resampleRotated(
  out: Uint8Array,
  at: number,
  image: Uint8Array,
  from: number,
  shape: TensorShape,
  draw: AugmentationDraw,
) {
  const { height, width, channels } = shape
  const radians = (draw.angleDegrees * Math.PI) / 180
  const cos = Math.cos(radians)
  const sin = Math.sin(radians)
  const centreX = (width - 1) / 2
  const centreY = (height - 1) / 2
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const target = at + (y * width + x) * channels
      const u = x - draw.shiftX - centreX
      const v = y - draw.shiftY - centreY
      if (Math.abs(u) > centreX || Math.abs(v) > centreY) {
        out.fill(0, target, target + channels)
        continue
      }
      // Undo the counter-clockwise turn (on screen, y pointing down) by turning (u, v) clockwise by θ.
      const rotatedX = centreX + u * cos - v * sin
      const sourceY = Math.min(Math.max(centreY + u * sin + v * cos, 0), height - 1)
      const sourceX = Math.min(Math.max(draw.flip ? width - 1 - rotatedX : rotatedX, 0), width - 1)
      const x0 = sourceX | 0 // clamped to ≥ 0, so truncation is floor
      const y0 = sourceY | 0
      const ax = sourceX - x0
      const ay = sourceY - y0
      const top = from + y0 * width * channels
      const bottom = from + Math.min(y0 + 1, height - 1) * width * channels
      const left = x0 * channels
      const right = Math.min(x0 + 1, width - 1) * channels
      for (let c = 0; c < channels; c++) {
        const upper = image[top + left + c] * (1 - ax) + image[top + right + c] * ax
        const lower = image[bottom + left + c] * (1 - ax) + image[bottom + right + c] * ax
        out[target + c] = toByte(upper * (1 - ay) + lower * ay)
      }
    }
  }
}

// Both colour steps are affine maps of each byte (offset + scale·value, then rounded and clamped), so they go
// through a 256-entry table, reused between images.
const colourTable = new Uint8Array(256)

function applyColourMap(out: Uint8Array, at: number, end: number, offset: number, scale: number) {
  for (let value = 0; value < 256; value++) {
    colourTable[value] = toByte(offset + scale * value)
  }
  for (let i = at; i < end; i++) {
    out[i] = colourTable[out[i]]
  }
}

/** Brightness (scale), then contrast (blend with the mean grey: luma for 3 channels, the plain mean otherwise). */
function jitterColour(out: Uint8Array, at: number, shape: TensorShape, draw: AugmentationDraw) {
  const end = at + imageByteLength(shape)
  const { brightnessFactor, contrastFactor } = draw
  if (brightnessFactor !== 1) {
    applyColourMap(out, at, end, 0, brightnessFactor)
  }
  if (contrastFactor !== 1) {
    let sum = 0
    if (shape.channels === 3) {
      for (let i = at; i < end; i += 3) {
        sum += 0.299 * out[i] + 0.587 * out[i + 1] + 0.114 * out[i + 2]
      }
    } else {
      for (let i = at; i < end; i++) {
        sum += out[i]
      }
    }
    const mean = sum / (shape.channels === 3 ? (end - at) / 3 : end - at)
    applyColourMap(out, at, end, mean * (1 - contrastFactor), contrastFactor) // mean + factor·(value − mean)
  }
}

/** Writes image[from ..] transformed by draw into out[at ..]; the two ranges must not overlap. */
function applyAt(
  out: Uint8Array,
  at: number,
  image: Uint8Array,
  from: number,
  shape: TensorShape,
  draw: AugmentationDraw,
) {
  if (draw.angleDegrees === 0) {
    copyShifted(out, at, image, from, shape, draw)
  } else {
    resampleRotated(out, at, image, from, shape, draw)
  }
  jitterColour(out, at, shape, draw)
}

/** Applies a given draw to one image (out and image: H×W×C bytes, separate memory). */
export function applyAugmentation(
  out: Uint8Array,
  image: Uint8Array,
  shape: TensorShape,
  draw: AugmentationDraw,
): void {
  const bytes = imageByteLength(shape)
  assert(
    out.length === bytes && image.length === bytes,
    () =>
      `applyAugmentation: out and image hold ${out.length} and ${image.length} bytes, ` +
      `expected H*W*C = ${bytes}`,
  )
  const overlap =
    out.buffer === image.buffer &&
    out.byteOffset < image.byteOffset + bytes &&
    image.byteOffset < out.byteOffset + bytes
  assert(!overlap, () => 'applyAugmentation: out and image must not share memory (it reads pixels it has written)')
  applyAt(out, 0, image, 0, shape, draw)
}

const scratchDraw = identityDraw()

/** Draws a transformation from random and writes the augmented image into out (H×W×C bytes each). */
export function augmentImage(
  out: Uint8Array,
  image: Uint8Array,
  shape: TensorShape,
  settings: AugmentationSettings,
  random: Random,
): void {
  checkAugmentationSettings(settings, 'augmentImage')
  drawAugmentation(scratchDraw, settings, random)
  applyAugmentation(out, image, shape, scratchDraw)
}

// Reused between calls (grown as needed) so a batch allocates only its small dataset record.
let scratchImages = new Uint8Array(0)
let scratchOrder = new Int32Array(0)

/**
 * fillInputBatch with augmentation: images indices[start .. start+count) are augmented in order (one draw each
 * from random) into a scratch batch, which fillInputBatch then normalises into out as (N, C, H, W). With
 * NO_AUGMENTATION the output equals fillInputBatch's and random is not used.
 */
export function fillAugmentedInputBatch(
  out: Float32Array,
  dataset: ImageDataset,
  indices: ArrayLike<number>,
  start: number,
  count: number,
  normalization: Normalization,
  settings: AugmentationSettings,
  random: Random,
): void {
  checkAugmentationSettings(settings, 'fillAugmentedInputBatch')
  assert(
    Number.isInteger(start) && Number.isInteger(count) && start >= 0 && count >= 0 &&
      start + count <= indices.length,
    () => `fillAugmentedInputBatch: batch ${start}..${start + count - 1} is outside the ${indices.length} indices`,
  )
  const bytes = imageByteLength(dataset.imageShape)
  if (scratchImages.length < count * bytes) {
    scratchImages = new Uint8Array(count * bytes)
  }
  if (scratchOrder.length < count) {
    scratchOrder = Int32Array.from({ length: count }, (_, i) => i)
  }
  const order = scratchOrder.subarray(0, count)
  checkIndices(Array.prototype.slice.call(indices, start, start + count), dataset.count, 'fillAugmentedInputBatch')
  for (let n = 0; n < count; n++) {
    drawAugmentation(scratchDraw, settings, random)
    applyAt(scratchImages, n * bytes, dataset.images, indices[start + n] * bytes, dataset.imageShape, scratchDraw)
  }
  const batch: ImageDataset = {
    ...dataset,
    images: scratchImages.subarray(0, count * bytes),
    labels: new Uint8Array(count), // fillInputBatch reads pixels only
    count,
    splits: { train: order, validation: order.subarray(0, 0), test: order.subarray(0, 0) },
  }
  fillInputBatch(out, batch, order, 0, count, normalization)
}

// Turns decoded pixels (1 grey, 2 grey + alpha, 3 RGB or 4 RGBA channels, HWC uint8) into the colour mode a
// dataset stores: transparency flattened onto white, then grey expanded to RGB or RGB reduced to grey with
// ITU-R 601 luma in PIL's integer form (L = (19595 R + 38470 G + 7471 B + 32768) >> 16), the conversion
// torchvision's Grayscale applies, so a model trained here sees what one trained there would. Pure.

import { channelsOf } from '../../../app/data/importSettings'
import type { ColorMode } from '../../../app/data/importSettings'

/** value over white by alpha, rounded: v·a/255 + 255·(1 − a/255). */
function overWhite(value: number, alpha: number): number {
  return Math.round((value * alpha + 255 * (255 - alpha)) / 255)
}

function luma(red: number, green: number, blue: number): number {
  return (19595 * red + 38470 * green + 7471 * blue + 32768) >>> 16
}

/** The pixels in `colorMode` (1 or 3 channels); returns `pixels` itself when nothing needs to change. */
export function toColorMode(pixels: Uint8Array, channels: number, colorMode: ColorMode): Uint8Array {
  if (!(Number.isInteger(channels) && channels >= 1 && channels <= 4) || pixels.length % channels !== 0) {
    throw new Error(`toColorMode: expected 1 to 4 channels dividing ${pixels.length} bytes, got ${channels}`)
  }
  const target = channelsOf(colorMode)
  if (channels === target) {
    return pixels
  }
  const count = pixels.length / channels
  const out = new Uint8Array(count * target)
  for (let i = 0; i < count; i++) {
    const p = i * channels
    let red: number
    let green: number
    let blue: number
    if (channels <= 2) {
      red = green = blue = channels === 2 ? overWhite(pixels[p], pixels[p + 1]) : pixels[p]
    } else if (channels === 3) {
      red = pixels[p]
      green = pixels[p + 1]
      blue = pixels[p + 2]
    } else {
      red = overWhite(pixels[p], pixels[p + 3])
      green = overWhite(pixels[p + 1], pixels[p + 3])
      blue = overWhite(pixels[p + 2], pixels[p + 3])
    }
    if (target === 1) {
      out[i] = channels <= 2 ? red : luma(red, green, blue)
    } else {
      out[i * 3] = red
      out[i * 3 + 1] = green
      out[i * 3 + 2] = blue
    }
  }
  return out
}

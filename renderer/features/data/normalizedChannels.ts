// "What the network sees": one cached image split into channels, each normalised exactly as the trainer does
// ((pixel / 255 − mean) / std, mean and std of the training split), and painted with a diverging colour map
// centred on 0 (blue below, red above, near-white at 0). Pure: tested against the formula; NetworkInputPreview
// puts the pixels on canvases.

import type { TensorShape } from '../../../app/model/networkSpec'
import type { Normalization } from '../../../app/data/imageDataset'

export type NormalizedChannel = Readonly<{
  channel: number
  values: Float32Array
  min: number
  max: number
  mean: number
  std: number
}>

/** Every channel of an (H, W, C) uint8 image as the network's input values, (H, W) each. */
export function normalizeImage(
  pixels: Uint8Array,
  shape: TensorShape,
  normalization: Normalization,
): NormalizedChannel[] {
  const { height, width, channels } = shape
  const count = height * width
  return Array.from({ length: channels }, (_, channel) => {
    const mean = normalization.mean[channel]
    const std = normalization.std[channel]
    const values = new Float32Array(count)
    let min = Infinity
    let max = -Infinity
    for (let i = 0; i < count; i++) {
      const value = (pixels[i * channels + channel] / 255 - mean) / std
      values[i] = value
      min = Math.min(min, value)
      max = Math.max(max, value)
    }
    return { channel, values, min, max, mean, std }
  })
}

// ColorBrewer RdBu end and middle colours: a standard diverging map that reads in colour-blind vision too.
const NEGATIVE = [33, 102, 172] as const
const ZERO = [247, 247, 247] as const
const POSITIVE = [178, 24, 43] as const

/** The colour of `value` on a symmetric scale −limit..+limit (clamped): 0 is the neutral middle. */
export function divergingColour(value: number, limit: number): readonly [number, number, number] {
  const t = limit > 0 ? Math.max(-1, Math.min(1, value / limit)) : 0
  const end = t < 0 ? NEGATIVE : POSITIVE
  const amount = Math.abs(t)
  return [
    Math.round(ZERO[0] + (end[0] - ZERO[0]) * amount),
    Math.round(ZERO[1] + (end[1] - ZERO[1]) * amount),
    Math.round(ZERO[2] + (end[2] - ZERO[2]) * amount),
  ]
}

/** The symmetric limit for a set of channels: the largest magnitude, so one scale serves them all. */
export function symmetricLimit(channels: readonly Pick<NormalizedChannel, 'min' | 'max'>[]): number {
  return channels.reduce((limit, channel) => Math.max(limit, Math.abs(channel.min), Math.abs(channel.max)), 0)
}

/** RGBA pixels of one channel's values under the diverging map, (H, W) like the values. */
export function paintDiverging(values: Float32Array, limit: number): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(values.length * 4)
  for (let i = 0; i < values.length; i++) {
    const [red, green, blue] = divergingColour(values[i], limit)
    out[i * 4] = red
    out[i * 4 + 1] = green
    out[i * 4 + 2] = blue
    out[i * 4 + 3] = 255
  }
  return out
}

/** A CSS gradient of the same map from −limit (left) to +limit (right), for the legend. */
export function divergingGradientCss(): string {
  const stops = [-1, -0.5, 0, 0.5, 1].map((t) => {
    const [red, green, blue] = divergingColour(t, 1)
    return `rgb(${red} ${green} ${blue}) ${(t + 1) * 50}%`
  })
  return `linear-gradient(to right, ${stops.join(', ')})`
}

/** Channel names people know: "grey" for one channel, R, G, B for three. */
export function channelName(channel: number, channels: number): string {
  if (channels === 1) {
    return 'Grey'
  }
  return channels === 3 ? (['Red', 'Green', 'Blue'][channel] ?? `Channel ${channel + 1}`) : `Channel ${channel + 1}`
}

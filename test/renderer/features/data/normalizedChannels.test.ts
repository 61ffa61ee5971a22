import { describe, expect, test } from 'vitest'
import {
  channelName,
  divergingColour,
  normalizeImage,
  paintDiverging,
  symmetricLimit,
} from '../../../../renderer/features/data/normalizedChannels'

describe('normalizeImage', () => {
  test('each channel is (pixel / 255 − mean) / std of that channel, read from interleaved (H, W, C)', () => {
    const shape = { height: 2, width: 2, channels: 3 }
    const pixels = Uint8Array.of(0, 10, 255, 50, 60, 70, 100, 110, 120, 200, 210, 220)
    const normalization = { mean: [0.5, 0.25, 0.75], std: [0.2, 0.4, 0.1] }
    const channels = normalizeImage(pixels, shape, normalization)
    expect(channels).toHaveLength(3)
    for (const { channel, values, min, max, mean, std } of channels) {
      const expected = [0, 1, 2, 3].map((p) => (pixels[p * 3 + channel] / 255 - normalization.mean[channel]) / normalization.std[channel])
      expect(Array.from(values).map((v) => Number(v.toFixed(5)))).toEqual(expected.map((v) => Number(v.toFixed(5))))
      expect(min).toBeCloseTo(Math.min(...expected), 5)
      expect(max).toBeCloseTo(Math.max(...expected), 5)
      expect([mean, std]).toEqual([normalization.mean[channel], normalization.std[channel]])
    }
  })

  test('the training mean maps to 0 and one std above it to 1', () => {
    const [channel] = normalizeImage(Uint8Array.of(51, 102), { height: 1, width: 2, channels: 1 }, { mean: [0.2], std: [0.2] })
    expect(channel.values[0]).toBeCloseTo(0, 6)
    expect(channel.values[1]).toBeCloseTo(1, 6)
  })
})

describe('divergingColour', () => {
  test('0 is the neutral middle, ±limit the two ends, beyond the limit clamps', () => {
    expect(divergingColour(0, 2)).toEqual([247, 247, 247])
    expect(divergingColour(-2, 2)).toEqual([33, 102, 172])
    expect(divergingColour(2, 2)).toEqual([178, 24, 43])
    expect(divergingColour(-9, 2)).toEqual(divergingColour(-2, 2))
    expect(divergingColour(9, 2)).toEqual(divergingColour(2, 2))
    expect(divergingColour(1, 0)).toEqual([247, 247, 247]) // a constant image has no range
  })

  test('moves monotonically away from the middle: more negative is bluer, more positive redder', () => {
    let previous = divergingColour(0, 1)
    for (let value = 0.1; value <= 1.0001; value += 0.1) {
      const colour = divergingColour(value, 1)
      expect(colour[2]).toBeLessThanOrEqual(previous[2]) // blue fades towards red
      previous = colour
    }
    previous = divergingColour(0, 1)
    for (let value = -0.1; value >= -1.0001; value -= 0.1) {
      const colour = divergingColour(value, 1)
      expect(colour[0]).toBeLessThanOrEqual(previous[0]) // red fades towards blue
      previous = colour
    }
  })
})

test('paintDiverging paints each value with divergingColour, opaque', () => {
  const values = Float32Array.of(-1.5, 0, 0.4, 3)
  const painted = paintDiverging(values, 1.5)
  for (let i = 0; i < values.length; i++) {
    expect(Array.from(painted.subarray(i * 4, i * 4 + 4))).toEqual([...divergingColour(values[i], 1.5), 255])
  }
})

test('symmetricLimit is the largest magnitude over all channels; channel names', () => {
  expect(symmetricLimit([{ min: -0.5, max: 2 }, { min: -3, max: 1 }])).toBe(3)
  expect(symmetricLimit([])).toBe(0)
  expect([channelName(0, 1), channelName(2, 3), channelName(1, 4)]).toEqual(['Grey', 'Blue', 'Channel 2'])
})

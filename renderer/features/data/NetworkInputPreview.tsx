// "What the network sees" for the selected image: the cached image at its real size (enlarged, crisp), then
// each channel after normalisation as a diverging colour map with the value range, and the mean and standard
// deviation that produced it. The numbers come from the dataset summary, the same ones the trainer uses.

import { useMemo } from 'react'
import type { Normalization } from '../../../app/data/imageDataset'
import type { TensorShape } from '../../../app/model/networkSpec'
import { formatShape } from '../../../app/model/shapeInference'
import { paintOneImage } from './drawThumbnails'
import type { SelectedImage } from './ImageGrid'
import {
  channelName,
  divergingGradientCss,
  normalizeImage,
  paintDiverging,
  symmetricLimit,
} from './normalizedChannels'
import { PixelCanvas } from './PixelCanvas'
import { splitName } from './splitNames'

type Props = Readonly<{
  image: SelectedImage | null
  shape: TensorShape
  normalization: Normalization
  classNames: readonly string[]
}>

const number = (value: number) => (Math.abs(value) < 0.005 ? '0.00' : value.toFixed(2))

export function NetworkInputPreview({ image, shape, normalization, classNames }: Props) {
  const channels = useMemo(
    () => (image === null ? [] : normalizeImage(image.pixels, shape, normalization)),
    [image, shape, normalization],
  )
  if (image === null) {
    return (
      <aside className="card network-preview network-preview-empty" data-testid="network-preview">
        <h2 className="card-title">What the network sees</h2>
        <p className="muted">Click an image in the grid (or focus the grid and use the arrow keys) to see it here.</p>
      </aside>
    )
  }
  const limit = symmetricLimit(channels)
  const original = paintOneImage(image.pixels, shape)
  return (
    <aside className="card network-preview" data-testid="network-preview" aria-label="What the network sees">
      <h2 className="card-title">What the network sees</h2>
      <p className="small preview-caption" data-testid="preview-caption">
        <strong>{classNames[image.label]}</strong> · <span className={`split-text split-text-${image.split}`}>
          {splitName(image.split)}</span> · image #{image.index + 1} · <span data-testid="preview-shape">
          {formatShape(shape)}</span>
      </p>
      <PixelCanvas width={original.width} height={original.height} rgba={original.pixels} displaySize={168}
        label={`The cached image, ${shape.width}×${shape.height} pixels, enlarged`} testId="preview-image" />
      <div className="channel-maps">
        {channels.map((channel) => (
          <figure key={channel.channel} className="channel-map" data-testid="channel-map">
            <PixelCanvas width={shape.width} height={shape.height} rgba={paintDiverging(channel.values, limit)}
              displaySize={78} label={`${channelName(channel.channel, shape.channels)} channel after normalising`} />
            <figcaption className="small">
              <strong>{channelName(channel.channel, shape.channels)}</strong>
              <span className="mono muted" title="Mean of this channel over the training images (0..1)">
                mean {channel.mean.toFixed(3)}
              </span>
              <span className="mono muted" title="Standard deviation of this channel over the training images">
                std {channel.std.toFixed(3)}
              </span>
              <span className="mono" title="Smallest and largest value the network gets for this image">
                {number(channel.min)} … {number(channel.max)}
              </span>
            </figcaption>
          </figure>
        ))}
      </div>
      <div className="diverging-legend" aria-label={`Colour scale from ${number(-limit)} to ${number(limit)}`}>
        <div className="diverging-bar" style={{ background: divergingGradientCss() }} />
        <div className="diverging-ticks mono small">
          <span>{number(-limit)}</span>
          <span>0</span>
          <span>+{number(limit)}</span>
        </div>
      </div>
      <p className="small muted preview-why">
        Each value is (pixel / 255 − mean) / std. Centring every channel on 0 with a spread of about 1 keeps the
        first layer’s inputs on one scale, so no channel dominates and training is faster and steadier.
      </p>
    </aside>
  )
}

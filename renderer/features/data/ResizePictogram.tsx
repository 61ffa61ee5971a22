// A small picture of what a resize mode does to a wide photo on its way into the square network input:
// squash stretches it, centre-crop cuts the sides, letterbox fits it and pads the rest. Pure SVG in the theme's
// colours; decorative, the label beside it says the same in words.

import type { ResizeMode } from '../../../app/data/importSettings'

/** The same wide "photo" (sky, sun, hill) placed by a transform: only the transform differs per mode. */
function Photo({ transform }: Readonly<{ transform: string }>) {
  return (
    <g transform={transform}>
      <rect x="0" y="0" width="48" height="30" className="pictogram-sky" />
      <circle cx="36" cy="9" r="4.5" className="pictogram-sun" />
      <path d="M0 30 L0 21 Q14 8 28 20 T48 18 L48 30 Z" className="pictogram-hill" />
    </g>
  )
}

const SIDE = 32

export function ResizePictogram({ mode }: Readonly<{ mode: ResizeMode }>) {
  // The 48×30 photo mapped into the 32×32 square at (4, 4).
  const transforms: Record<ResizeMode, string> = {
    squash: `translate(4 4) scale(${SIDE / 48} ${SIDE / 30})`,
    centerCrop: `translate(${4 - ((48 * SIDE) / 30 - SIDE) / 2} 4) scale(${SIDE / 30})`,
    letterbox: `translate(4 ${4 + (SIDE - (30 * SIDE) / 48) / 2}) scale(${SIDE / 48})`,
  }
  const clipId = `pictogram-clip-${mode}`
  return (
    <svg className="pictogram" width="40" height="40" viewBox="0 0 40 40" aria-hidden="true">
      <defs>
        <clipPath id={clipId}>
          <rect x="4" y="4" width={SIDE} height={SIDE} />
        </clipPath>
      </defs>
      <rect x="4" y="4" width={SIDE} height={SIDE} className={mode === 'letterbox' ? 'pictogram-pad' : undefined} />
      <g clipPath={`url(#${clipId})`}>
        <Photo transform={transforms[mode]} />
      </g>
      <rect x="4" y="4" width={SIDE} height={SIDE} className="pictogram-frame" />
    </svg>
  )
}

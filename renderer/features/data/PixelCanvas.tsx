// A canvas holding an image at its real pixel size, shown enlarged by CSS with crisp (pixelated) pixels:
// what a 28×28 input really is, without the blur a browser adds when it scales smoothly.

import { useEffect, useRef } from 'react'

type Props = Readonly<{
  width: number
  height: number
  /** RGBA, width × height × 4. */
  rgba: Uint8ClampedArray<ArrayBuffer>
  /** The longest side on screen in CSS pixels; small images are enlarged by a whole factor. */
  displaySize: number
  label: string
  testId?: string
}>

export function PixelCanvas({ width, height, rgba, displaySize, label, testId }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    const canvas = canvasRef.current
    const context = canvas?.getContext('2d')
    if (canvas && context) {
      canvas.width = width
      canvas.height = height
      context.putImageData(new ImageData(rgba, width, height), 0, 0)
    }
  }, [width, height, rgba])
  const longest = Math.max(width, height)
  const scale = longest <= displaySize ? Math.floor(displaySize / longest) : displaySize / longest
  return (
    <canvas ref={canvasRef} className="pixel-canvas" role="img" aria-label={label} data-testid={testId}
      data-width={width} data-height={height} style={{ width: width * scale, height: height * scale }} />
  )
}

// Hosts the layer diagram canvas: lays it out from the shape summary and redraws when the network or the
// colour scheme changes. Colours come from the theme's CSS variables.

import { useEffect, useRef } from 'react'
import type { TensorShape } from '../../../app/model/networkSpec'
import type { LayerInfo } from '../../../app/model/shapeInference'
import { useColorScheme } from '../../shared/useColorScheme'
import { drawLayerDiagram } from './drawLayerDiagram'
import type { DiagramPalette } from './drawLayerDiagram'
import { layoutLayerDiagram } from './layerDiagram'

function readPalette(element: Element): DiagramPalette {
  const style = getComputedStyle(element)
  const read = (name: string) => style.getPropertyValue(name).trim()
  return {
    input: read('--diagram-input'),
    map: read('--diagram-map'),
    vector: read('--diagram-vector'),
    join: read('--diagram-join'),
    invalid: read('--danger'),
    text: read('--text'),
    muted: read('--text-muted'),
    skip: read('--diagram-skip'),
    surface: read('--surface'),
    font: `11px ${read('--font-mono')}`,
  }
}

type Props = Readonly<{ input: TensorShape; layers: readonly LayerInfo[] }>

export function LayerDiagram({ input, layers }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null)
  const scheme = useColorScheme()

  useEffect(() => {
    const canvas = canvasRef.current
    if (canvas !== null) {
      drawLayerDiagram(
        canvas,
        layoutLayerDiagram(input, layers),
        readPalette(canvas),
        window.devicePixelRatio || 1,
      )
    }
  }, [input, layers, scheme])

  return (
    <div className="diagram-scroll">
      <canvas
        ref={canvasRef}
        data-testid="layer-diagram"
        role="img"
        aria-label="Diagram of each layer's output size, drawn to scale, with residual connections as arcs"
      />
    </div>
  )
}

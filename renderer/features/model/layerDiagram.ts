// A to-scale picture of how the data changes shape through the network: one block per layer that changes
// the shape (activations and softmax keep it, so they are left out). Feature maps are drawn with height
// proportional to their spatial size; flat vectors as thin bars with height proportional to their length
// (on their own scale); width grows with the log of the channel count. layoutLayerDiagram is pure.

import type { TensorShape } from '../../../app/model/networkSpec'
import { formatShape } from '../../../app/model/shapeInference'
import type { LayerInfo } from '../../../app/model/shapeInference'

export type DiagramTone = 'input' | 'map' | 'vector' | 'invalid'

export type DiagramBlock = Readonly<{
  x: number
  y: number
  width: number
  height: number
  tone: DiagramTone
  /** Above the block: "input", "conv", "maxPool" … */
  title: string
  /** Below the block: "28×28×6", or "?" when the shape is unknown. */
  caption: string
}>

export type DiagramLayout = Readonly<{ width: number; height: number; blocks: readonly DiagramBlock[] }>

export type DiagramPalette = Readonly<
  Record<DiagramTone, string> & { text: string; muted: string; font: string }
>

const MAX_BLOCK_HEIGHT = 120
const MIN_BLOCK_HEIGHT = 4
const VECTOR_WIDTH = 10
const GAP = 14
/** Rough width of one caption character at the diagram's 11 px font; keeps captions from overlapping. */
const CHARACTER_WIDTH = 7
const MARGIN = 16
const TITLE_SPACE = 22
const CAPTION_SPACE = 24

function isVector(shape: TensorShape): boolean {
  return shape.height === 1 && shape.width === 1
}

function blockWidth(shape: TensorShape | null): number {
  if (shape === null || isVector(shape)) {
    return VECTOR_WIDTH
  }
  return Math.round(10 + 7 * Math.log2(shape.channels + 1))
}

export function layoutLayerDiagram(input: TensorShape, layers: readonly LayerInfo[]): DiagramLayout {
  const drawn = layers.filter((layer) => layer.kind !== 'relu' && layer.kind !== 'softmax')
  const columns = [
    { title: 'input', shape: input as TensorShape | null, hasError: false },
    ...drawn.map((layer) => ({
      title: layer.kind,
      shape: layer.outputShape,
      hasError: layer.error !== null,
    })),
  ]
  const shapes = columns.map((column) => column.shape).filter((shape): shape is TensorShape => shape !== null)
  const largestMap = Math.max(1, ...shapes.filter((shape) => !isVector(shape)).map((shape) => shape.height))
  const longestVector = Math.max(1, ...shapes.filter(isVector).map((shape) => shape.channels))
  const middle = TITLE_SPACE + MAX_BLOCK_HEIGHT / 2
  let x = MARGIN
  const blocks = columns.map((column, index): DiagramBlock => {
    const { shape } = column
    const width = blockWidth(shape)
    const caption = shape === null ? '?' : formatShape(shape)
    const slot = Math.max(width, CHARACTER_WIDTH * Math.max(caption.length, column.title.length))
    const ratio =
      shape === null ? 0.5 : isVector(shape) ? shape.channels / longestVector : shape.height / largestMap
    const height = Math.max(MIN_BLOCK_HEIGHT, Math.round(ratio * MAX_BLOCK_HEIGHT))
    const tone: DiagramTone =
      column.hasError || shape === null
        ? 'invalid'
        : index === 0
          ? 'input'
          : isVector(shape)
            ? 'vector'
            : 'map'
    const block = {
      x: Math.round(x + (slot - width) / 2),
      y: Math.round(middle - height / 2),
      width,
      height,
      tone,
      title: column.title,
      caption,
    }
    x += slot + GAP
    return block
  })
  return { width: x - GAP + MARGIN, height: TITLE_SPACE + MAX_BLOCK_HEIGHT + CAPTION_SPACE, blocks }
}

/** Draws a layout at the canvas's device pixel ratio; the caller sizes nothing. */
export function drawLayerDiagram(
  canvas: HTMLCanvasElement,
  layout: DiagramLayout,
  palette: DiagramPalette,
  pixelRatio: number,
): void {
  canvas.width = Math.round(layout.width * pixelRatio)
  canvas.height = Math.round(layout.height * pixelRatio)
  canvas.style.width = `${layout.width}px`
  canvas.style.height = `${layout.height}px`
  const context = canvas.getContext('2d')
  if (context === null) {
    return
  }
  context.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0)
  context.clearRect(0, 0, layout.width, layout.height)
  context.font = palette.font
  context.textAlign = 'center'
  for (const block of layout.blocks) {
    const centre = block.x + block.width / 2
    context.fillStyle = palette[block.tone]
    context.beginPath()
    context.roundRect(block.x, block.y, block.width, block.height, 3)
    context.fill()
    context.fillStyle = palette.muted
    context.textBaseline = 'bottom'
    context.fillText(block.title, centre, TITLE_SPACE - 6)
    context.fillStyle = palette.text
    context.textBaseline = 'top'
    context.fillText(block.caption, centre, TITLE_SPACE + MAX_BLOCK_HEIGHT + 6)
  }
}

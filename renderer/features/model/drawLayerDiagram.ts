// Draws a layer diagram layout (layerDiagram.ts) on a canvas: a faint line along the main path, the blocks and ⊕
// joins, the skip brackets with an arrow into their join, and the labels. Sizes the canvas for the device pixel
// ratio; decides nothing about positions.

import type { DiagramLayout, DiagramNode, DiagramSkip, DiagramTone } from './layerDiagram'

export type DiagramPalette = Readonly<
  Record<DiagramTone, string> & { text: string; muted: string; skip: string; surface: string; font: string }
>

const CORNER = 6
const ARROW = 4

function drawPath(context: CanvasRenderingContext2D, nodes: readonly DiagramNode[], colour: string): void {
  context.strokeStyle = colour
  context.lineWidth = 1
  context.beginPath()
  for (let index = 1; index < nodes.length; index++) {
    const before = nodes[index - 1]
    const after = nodes[index]
    const y = after.y + after.height / 2
    context.moveTo(before.x + before.width, y)
    context.lineTo(after.x, y)
  }
  context.stroke()
}

function drawSkip(context: CanvasRenderingContext2D, skip: DiagramSkip, palette: DiagramPalette): void {
  const { fromX, toX, startY, peakY, endY } = skip
  context.strokeStyle = palette.skip
  context.fillStyle = palette.skip
  context.lineWidth = 1.5
  context.setLineDash(skip.label === null ? [] : [4, 3])
  context.beginPath()
  context.moveTo(fromX, startY)
  context.arcTo(fromX, peakY, toX, peakY, CORNER)
  context.arcTo(toX, peakY, toX, endY, CORNER)
  context.lineTo(toX, endY - ARROW)
  context.stroke()
  context.setLineDash([])
  context.beginPath()
  context.arc(fromX, startY, 2.5, 0, 2 * Math.PI)
  context.fill()
  context.beginPath()
  context.moveTo(toX - ARROW, endY - ARROW - 1)
  context.lineTo(toX + ARROW, endY - ARROW - 1)
  context.lineTo(toX, endY)
  context.fill()
  if (skip.label !== null) {
    context.fillStyle = palette.muted
    context.textBaseline = 'bottom'
    context.fillText(skip.label, (fromX + toX) / 2, peakY - 2)
  }
}

function drawNode(
  context: CanvasRenderingContext2D,
  node: DiagramNode,
  layout: DiagramLayout,
  palette: DiagramPalette,
): void {
  const centre = node.x + node.width / 2
  context.fillStyle = palette[node.tone]
  context.beginPath()
  if (node.kind === 'join') {
    const radius = node.width / 2
    context.arc(centre, node.y + radius, radius, 0, 2 * Math.PI)
    context.fill()
    context.strokeStyle = palette.surface
    context.lineWidth = 1.75
    context.beginPath()
    context.moveTo(centre - radius / 2, node.y + radius)
    context.lineTo(centre + radius / 2, node.y + radius)
    context.moveTo(centre, node.y + radius / 2)
    context.lineTo(centre, node.y + (3 * radius) / 2)
    context.stroke()
  } else {
    context.roundRect(node.x, node.y, node.width, node.height, 3)
    context.fill()
  }
  context.textBaseline = 'alphabetic'
  context.fillStyle = palette.muted
  context.fillText(node.title, centre, layout.titleY)
  context.fillText(node.tags, centre, layout.tagsY)
  context.fillStyle = node.kind === 'join' ? palette.muted : palette.text
  context.fillText(node.caption, centre, layout.captionY)
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
  drawPath(context, layout.nodes, palette.muted)
  for (const skip of layout.skips) {
    drawSkip(context, skip, palette)
  }
  for (const node of layout.nodes) {
    drawNode(context, node, layout, palette)
  }
}

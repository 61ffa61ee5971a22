// A to-scale picture of how the data changes shape through the network, laid out as plain numbers (drawing is
// drawLayerDiagram.ts's). One block per layer that changes the shape or learns a transform of it (conv, pooling,
// flatten, dense): feature maps with height proportional to their spatial size, flat vectors as thin bars with
// height proportional to their length (on their own scale), width growing with the log of the channel count.
// Activations, batch norm, dropout and softmax keep the shape, so they fold into the label of the block before
// them ("bn·relu"); a residual add is a small ⊕ node with a skip arc from the block whose output it reads.

import type { LayerKind, TensorShape } from '../../../app/model/networkSpec'
import { formatShape } from '../../../app/model/shapeInference'
import type { LayerInfo } from '../../../app/model/shapeInference'

export type DiagramTone = 'input' | 'map' | 'vector' | 'join' | 'invalid'

export type DiagramNode = Readonly<{
  /** A block for a shape-changing layer (or the input), a join for an add layer. */
  kind: 'block' | 'join'
  x: number
  y: number
  width: number
  height: number
  tone: DiagramTone
  /** Above a block: "input", "conv", "max pool" …; empty for a join (its skip arc comes down there). */
  title: string
  /** Under the title: the folded layers, "bn·relu"; empty when none. */
  tags: string
  /** Below: the output shape "28×28×6" ("?" when unknown); for a join "add" and its folded layers. */
  caption: string
  /** The spec layers this node shows, in order: its own (−1 for the input) and the folded ones. */
  layers: readonly number[]
}>

/**
 * A skip path drawn as a bracket: it taps the main line in the gap after its source node, rises to `peakY`, runs
 * across and comes down into the join.
 */
export type DiagramSkip = Readonly<{
  fromX: number
  toX: number
  /** The main line's height, where the bracket leaves it. */
  startY: number
  peakY: number
  /** The top of the join's circle. */
  endY: number
  /** "1×1, stride 2" when the skip path goes through a projection; null when it is the identity. */
  label: string | null
}>

export type DiagramLayout = Readonly<{
  width: number
  height: number
  nodes: readonly DiagramNode[]
  skips: readonly DiagramSkip[]
  /** Baselines of the text lines, shared by every node. */
  titleY: number
  tagsY: number
  captionY: number
}>

/** Layers that keep the shape, folded into the previous node's label, with their short names. */
const FOLDED: Partial<Record<LayerKind, string>> = {
  relu: 'relu',
  leakyRelu: 'leaky',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  batchNorm: 'bn',
  dropout: 'drop',
  softmax: 'softmax',
}

const TITLES: Partial<Record<LayerKind, string>> = {
  maxPool: 'max pool',
  avgPool: 'avg pool',
  globalAvgPool: 'global pool',
}

const MAX_BLOCK_HEIGHT = 120
const MIN_BLOCK_HEIGHT = 4
const VECTOR_WIDTH = 10
const JOIN_RADIUS = 8
const GAP = 14
/** Rough width of one character at the diagram's 11 px font; keeps labels from overlapping. */
export const CHARACTER_WIDTH = 7
const MARGIN = 16
const LINE = 14
/** Room above the brackets for a projection label, the lowest bracket's rise, and the step between levels. */
const LABEL_SPACE = 14
const SKIP_RISE = 12
const LEVEL_STEP = 8

function isVector(shape: TensorShape): boolean {
  return shape.height === 1 && shape.width === 1
}

function blockWidth(shape: TensorShape | null): number {
  if (shape === null || isVector(shape)) {
    return VECTOR_WIDTH
  }
  return Math.round(10 + 7 * Math.log2(shape.channels + 1))
}

type Column = {
  kind: 'block' | 'join'
  title: string
  shape: TensorShape | null
  layers: number[]
  tags: string[]
  hasError: boolean
  skipFrom: number | null
  projectionStride: number | null
}

/** Groups the layers into columns and returns, for each layer index, the column that shows it. */
function groupColumns(input: TensorShape, layers: readonly LayerInfo[]): { columns: Column[]; owner: number[] } {
  const inputColumn: Column = {
    kind: 'block',
    title: 'input',
    shape: input,
    layers: [-1],
    tags: [],
    hasError: false,
    skipFrom: null,
    projectionStride: null,
  }
  const columns = [inputColumn]
  const owner: number[] = []
  for (const layer of layers) {
    const tag = FOLDED[layer.kind]
    const last = columns[columns.length - 1]
    if (tag !== undefined) {
      last.layers.push(layer.index)
      last.tags.push(tag)
      last.hasError ||= layer.error !== null
    } else {
      columns.push({
        kind: layer.kind === 'add' ? 'join' : 'block',
        title: layer.kind === 'add' ? '' : (TITLES[layer.kind] ?? layer.kind),
        shape: layer.outputShape,
        layers: [layer.index],
        tags: [],
        hasError: layer.error !== null,
        skipFrom: layer.skipFrom,
        projectionStride: layer.projectionStride,
      })
    }
    owner[layer.index] = columns.length - 1
  }
  return { columns, owner }
}

function toneOf(column: Column, index: number): DiagramTone {
  if (column.hasError || column.shape === null) {
    return 'invalid'
  }
  if (index === 0) {
    return 'input'
  }
  return column.kind === 'join' ? 'join' : isVector(column.shape) ? 'vector' : 'map'
}

/** Bracket levels: shorter spans first, each one above every overlapping bracket placed before it. */
function skipLevels(spans: readonly (readonly [number, number])[]): number[] {
  const length = (index: number) => spans[index][1] - spans[index][0]
  const order = spans.map((_, index) => index).sort((a, b) => length(a) - length(b))
  const levels: number[] = new Array(spans.length).fill(0)
  const placed: number[] = []
  for (const index of order) {
    const [from, to] = spans[index]
    const below = placed.filter((other) => spans[other][0] < to && from < spans[other][1])
    levels[index] = below.length === 0 ? 0 : 1 + Math.max(...below.map((other) => levels[other]))
    placed.push(index)
  }
  return levels
}

export function layoutLayerDiagram(input: TensorShape, layers: readonly LayerInfo[]): DiagramLayout {
  const { columns, owner } = groupColumns(input, layers)
  const skipped = columns
    .map((column, index) => ({ column, index }))
    .filter(({ column }) => column.kind === 'join' && column.skipFrom !== null)
  const spans = skipped.map(({ column, index }) => [owner[column.skipFrom!] ?? 0, index] as const)
  const levels = skipLevels(spans)
  const skipSpace = skipped.length === 0 ? 0 : LABEL_SPACE + SKIP_RISE + LEVEL_STEP * Math.max(...levels)
  const titleY = MARGIN + skipSpace + LINE
  const tagsY = titleY + LINE
  const blockTop = tagsY + 8
  const middle = blockTop + MAX_BLOCK_HEIGHT / 2
  const captionY = blockTop + MAX_BLOCK_HEIGHT + 6 + LINE

  const shapes = columns.map((column) => column.shape).filter((shape): shape is TensorShape => shape !== null)
  const largestMap = Math.max(1, ...shapes.filter((shape) => !isVector(shape)).map((shape) => shape.height))
  const longestVector = Math.max(1, ...shapes.filter(isVector).map((shape) => shape.channels))
  let x = MARGIN
  const slotEnds: number[] = []
  const nodes = columns.map((column, index): DiagramNode => {
    const { shape } = column
    const isJoin = column.kind === 'join'
    const tags = isJoin ? '' : column.tags.join('·')
    const caption = isJoin ? ['add', ...column.tags].join('·') : shape === null ? '?' : formatShape(shape)
    const width = isJoin ? 2 * JOIN_RADIUS : blockWidth(shape)
    const slot = Math.max(width, CHARACTER_WIDTH * Math.max(caption.length, column.title.length, tags.length))
    const ratio =
      shape === null ? 0.5 : isVector(shape) ? shape.channels / longestVector : shape.height / largestMap
    const height = isJoin ? 2 * JOIN_RADIUS : Math.max(MIN_BLOCK_HEIGHT, Math.round(ratio * MAX_BLOCK_HEIGHT))
    const node = {
      kind: column.kind,
      x: Math.round(x + (slot - width) / 2),
      y: Math.round(middle - height / 2),
      width,
      height,
      tone: toneOf(column, index),
      title: column.title,
      tags,
      caption,
      layers: column.layers,
    }
    x += slot + GAP
    slotEnds.push(x - GAP)
    return node
  })

  const skips = skipped.map(({ column, index }, skip): DiagramSkip => {
    const [from] = spans[skip]
    return {
      // Midway through the gap after the source, where no label reaches.
      fromX: slotEnds[from] + GAP / 2,
      toX: nodes[index].x + nodes[index].width / 2,
      startY: middle,
      peakY: MARGIN + LABEL_SPACE + LEVEL_STEP * (Math.max(...levels) - levels[skip]),
      endY: nodes[index].y,
      label: column.projectionStride === null ? null : `1×1, stride ${column.projectionStride}`,
    }
  })
  return { width: x - GAP + MARGIN, height: captionY + 10, nodes, skips, titleY, tagsY, captionY }
}

import { describe, expect, test } from 'vitest'
import type { LayerSpec, NetworkSpec } from '../../../../app/model/networkSpec'
import { presetSpec } from '../../../../app/model/presets'
import { inferShapes } from '../../../../app/model/shapeInference'
import { CHARACTER_WIDTH, layoutLayerDiagram } from '../../../../renderer/features/model/layerDiagram'
import type { DiagramLayout, DiagramNode } from '../../../../renderer/features/model/layerDiagram'

const cifar = { height: 32, width: 32, channels: 3 }

function layoutOf(spec: NetworkSpec): DiagramLayout {
  const summary = inferShapes(spec)
  return layoutLayerDiagram(spec.input, summary.layers)
}

function specOf(layers: readonly LayerSpec[]): NetworkSpec {
  return { name: 'test', input: cifar, layers }
}

/** Horizontal extent of a node with its labels, which are centred on it at about 7 px a character. */
function extent(node: DiagramNode): [number, number] {
  const text = Math.max(node.caption.length, node.title.length, node.tags.length)
  const half = Math.max(node.width, CHARACTER_WIDTH * text) / 2
  return [node.x + node.width / 2 - half, node.x + node.width / 2 + half]
}

const centre = (node: DiagramNode) => node.x + node.width / 2

describe('layoutLayerDiagram', () => {
  const lenet = presetSpec('lenet', cifar, 6)
  const layout = layoutOf(lenet)

  test('one block per shape-changing layer; activations and softmax fold into the label before them', () => {
    expect(layout.nodes.map((node) => [node.title, node.tags])).toEqual([
      ['input', ''],
      ['conv', 'relu'],
      ['max pool', ''],
      ['conv', 'relu'],
      ['max pool', ''],
      ['flatten', ''],
      ['dense', 'relu'],
      ['dense', 'relu'],
      ['dense', 'softmax'],
    ])
    expect(layout.nodes[1].caption).toBe('28×28×6')
    expect(layout.skips).toEqual([])
  })

  test.each(['lenet', 'vggSmall', 'resnetSmall', 'alexnet'] as const)(
    '%s: every layer is shown by exactly one node, in order',
    (preset) => {
      const spec = presetSpec(preset, cifar, 6)
      const shown = layoutOf(spec).nodes.flatMap((node) => node.layers)
      expect(shown).toEqual([-1, ...spec.layers.map((_, index) => index)])
    },
  )

  test('feature-map heights are proportional to their spatial size', () => {
    const maps = layout.nodes.filter((node) => node.tone === 'map' || node.tone === 'input')
    const sizes = maps.map((node) => Number(node.caption.split('×')[0]))
    maps.forEach((node, index) => {
      expect(node.height / maps[0].height).toBeCloseTo(sizes[index] / sizes[0], 1)
    })
  })

  test('vectors are drawn on their own scale, longest tallest', () => {
    const vectors = layout.nodes.filter((node) => node.tone === 'vector')
    const lengths = vectors.map((node) => Number(node.caption.split('×')[2]))
    const longest = vectors[lengths.indexOf(Math.max(...lengths))]
    expect(Math.max(...vectors.map((node) => node.height))).toBe(longest.height)
    expect(vectors.every((node) => node.height >= 4)).toBe(true)
  })

  test.each(['lenet', 'resnetSmall', 'vgg16'] as const)('%s: nodes and their labels do not overlap', (preset) => {
    const { nodes, width } = layoutOf(presetSpec(preset, cifar, 6))
    for (let i = 1; i < nodes.length; i++) {
      expect(extent(nodes[i])[0]).toBeGreaterThanOrEqual(extent(nodes[i - 1])[1])
    }
    expect(width).toBeGreaterThanOrEqual(extent(nodes[nodes.length - 1])[1])
  })

  test('batch norm, dropout and every activation fold into labels', () => {
    const spec = specOf([
      { kind: 'conv', filters: 4, kernelSize: 3 },
      { kind: 'batchNorm' },
      { kind: 'leakyRelu' },
      { kind: 'conv', filters: 4, kernelSize: 3 },
      { kind: 'tanh' },
      { kind: 'flatten' },
      { kind: 'dropout', rate: 0.5 },
      { kind: 'dense', units: 8 },
      { kind: 'sigmoid' },
      { kind: 'dense', units: 2 },
      { kind: 'softmax' },
    ])
    expect(layoutOf(spec).nodes.map((node) => `${node.title}:${node.tags}`)).toEqual([
      'input:',
      'conv:bn·leaky',
      'conv:tanh',
      'flatten:drop',
      'dense:sigmoid',
      'dense:softmax',
    ])
  })
})

describe('residual connections', () => {
  const resnet = presetSpec('resnetSmall', cifar, 6)
  const summary = inferShapes(resnet)
  const layout = layoutLayerDiagram(cifar, summary.layers)
  const joins = layout.nodes.filter((node) => node.kind === 'join')
  const nodeShowing = (layerIndex: number) => layout.nodes.findIndex((node) => node.layers.includes(layerIndex))

  test('each add is a join node captioned with what folds into it; no add gets a block', () => {
    expect(summary.isValid).toBe(true)
    const adds = summary.layers.filter((layer) => layer.kind === 'add')
    expect(joins.map((join) => join.layers[0])).toEqual(adds.map((layer) => layer.index))
    expect(joins.map((join) => [join.title, join.caption, join.tone])).toEqual([
      ['', 'add·relu', 'join'],
      ['', 'add·relu', 'join'],
      ['', 'add·relu', 'join'],
    ])
    expect(layout.nodes.filter((node) => node.kind === 'block' && node.title === 'conv')).toHaveLength(7)
  })

  test('a skip leaves the main line just after the node showing its source and comes down into its join', () => {
    const adds = summary.layers.filter((layer) => layer.kind === 'add')
    expect(layout.skips).toHaveLength(adds.length)
    adds.forEach((add, index) => {
      const skip = layout.skips[index]
      const source = nodeShowing(add.skipFrom!)
      const join = layout.nodes[nodeShowing(add.index)]
      expect(skip.fromX).toBeGreaterThan(layout.nodes[source].x + layout.nodes[source].width)
      expect(skip.fromX).toBeLessThan(layout.nodes[source + 1].x)
      expect(skip.toX).toBe(centre(join))
      expect(skip.endY).toBe(join.y)
      expect(skip.startY).toBe(join.y + join.height / 2)
      // Above every label, so no text is crossed except where it comes down to the join (which has no title).
      expect(skip.peakY).toBeLessThan(layout.titleY - 14)
    })
  })

  test('a skip through a 1×1 projection says so and gives its stride', () => {
    expect(layout.skips.map((skip) => skip.label)).toEqual([null, '1×1, stride 2', '1×1, stride 2'])
  })

  test('a skip around another one passes above it; one from the input starts after the input', () => {
    const spec = specOf([
      { kind: 'conv', filters: 8, kernelSize: 3, pad: 'same', id: 'a' },
      { kind: 'relu' },
      { kind: 'conv', filters: 8, kernelSize: 3, pad: 'same' },
      { kind: 'add', from: 'a' },
      { kind: 'conv', filters: 3, kernelSize: 3, pad: 'same' },
      { kind: 'add', from: 'input' },
      { kind: 'globalAvgPool' },
      { kind: 'dense', units: 2 },
      { kind: 'softmax' },
    ])
    expect(inferShapes(spec).isValid).toBe(true)
    const { skips, nodes } = layoutOf(spec)
    const [inner, outer] = skips
    expect(outer.peakY).toBeLessThan(inner.peakY)
    expect(outer.fromX).toBeGreaterThan(nodes[0].x + nodes[0].width)
    expect(outer.fromX).toBeLessThan(inner.fromX)
    expect(outer.toX).toBeGreaterThan(inner.toX)
  })

  test('side-by-side skips share a height', () => {
    expect(new Set(layout.skips.map((skip) => skip.peakY)).size).toBe(1)
  })
})

describe('impossible networks', () => {
  test('marks impossible layers', () => {
    const tiny = { height: 4, width: 4, channels: 1 }
    const broken = inferShapes(presetSpec('lenet', tiny, 2))
    const nodes = layoutLayerDiagram(tiny, broken.layers).nodes
    expect(broken.isValid).toBe(false)
    expect(nodes.some((node) => node.tone === 'invalid' && node.caption === '?')).toBe(true)
  })

  test('an add naming no layer is an invalid join without a skip', () => {
    const spec = specOf([
      { kind: 'conv', filters: 3, kernelSize: 3, pad: 'same' },
      { kind: 'add', from: 'nowhere' },
      { kind: 'globalAvgPool' },
      { kind: 'dense', units: 2 },
      { kind: 'softmax' },
    ])
    const layout = layoutOf(spec)
    expect(layout.nodes[2]).toMatchObject({ kind: 'join', tone: 'invalid' })
    expect(layout.skips).toEqual([])
  })

  test('a folded layer that is wrong marks the node that shows it', () => {
    const spec = specOf([
      { kind: 'conv', filters: 3, kernelSize: 3 },
      { kind: 'softmax' },
      { kind: 'flatten' },
      { kind: 'dense', units: 2 },
      { kind: 'softmax' },
    ])
    expect(layoutOf(spec).nodes[1]).toMatchObject({ title: 'conv', tags: 'softmax', tone: 'invalid' })
  })
})

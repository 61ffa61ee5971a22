import { describe, expect, test } from 'vitest'
import { presetSpec } from '../../../../app/model/presets'
import { inferShapes } from '../../../../app/model/shapeInference'
import { layoutLayerDiagram } from '../../../../renderer/features/model/layerDiagram'

describe('layoutLayerDiagram', () => {
  const input = { height: 32, width: 32, channels: 3 }
  const summary = inferShapes(presetSpec('lenet', input, 6))
  const layout = layoutLayerDiagram(input, summary.layers)

  test('draws the input and every layer that changes the shape, in order', () => {
    const shapeChanging = summary.layers.filter((layer) => layer.kind !== 'relu' && layer.kind !== 'softmax')
    expect(layout.blocks.map((block) => block.title)).toEqual([
      'input',
      ...shapeChanging.map((layer) => layer.kind),
    ])
    expect(layout.blocks[1].caption).toBe('28×28×6')
  })

  test('feature-map heights are proportional to their spatial size', () => {
    const maps = layout.blocks.filter((block) => block.tone === 'map' || block.tone === 'input')
    const sizes = maps.map((block) => Number(block.caption.split('×')[0]))
    maps.forEach((block, index) => {
      expect(block.height / maps[0].height).toBeCloseTo(sizes[index] / sizes[0], 1)
    })
  })

  test('vectors are drawn on their own scale, longest tallest', () => {
    const vectors = layout.blocks.filter((block) => block.tone === 'vector')
    const lengths = vectors.map((block) => Number(block.caption.split('×')[2]))
    const longest = vectors[lengths.indexOf(Math.max(...lengths))]
    expect(Math.max(...vectors.map((block) => block.height))).toBe(longest.height)
    expect(vectors.every((block) => block.height >= 4)).toBe(true)
  })

  test('blocks and their labels do not overlap and fit the width', () => {
    // A label is centred on its block and about 7 px per character wide at the diagram's font.
    const extent = (block: (typeof layout.blocks)[number]) => {
      const half = Math.max(block.width, 7 * Math.max(block.caption.length, block.title.length)) / 2
      return [block.x + block.width / 2 - half, block.x + block.width / 2 + half]
    }
    for (let i = 1; i < layout.blocks.length; i++) {
      expect(extent(layout.blocks[i])[0]).toBeGreaterThanOrEqual(extent(layout.blocks[i - 1])[1])
    }
    expect(layout.width).toBeGreaterThanOrEqual(extent(layout.blocks[layout.blocks.length - 1])[1])
  })

  test('marks impossible layers', () => {
    const tiny = { height: 4, width: 4, channels: 1 }
    const broken = inferShapes(presetSpec('lenet', tiny, 2))
    const blocks = layoutLayerDiagram(tiny, broken.layers).blocks
    expect(broken.isValid).toBe(false)
    expect(blocks.some((block) => block.tone === 'invalid' && block.caption === '?')).toBe(true)
  })
})

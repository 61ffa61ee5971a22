// `cnn-studio model` called as a function with stdout captured: the table, the JSON object, and the flag errors.

import { afterEach, describe, expect, test, vi } from 'vitest'
import { presetSpec } from '../../../app/model/presets'
import { formatShape, inferShapes } from '../../../app/model/shapeInference'
import { CliError } from '../../../main/cli/cliError'
import { MODEL_USAGE, modelCommand, parseInputShape } from '../../../main/cli/modelCommand'

async function run(args: readonly string[]): Promise<{ code: number; stdout: string }> {
  let stdout = ''
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk)
    return true
  })
  try {
    const code = await modelCommand(args)
    return { code, stdout }
  } finally {
    spy.mockRestore()
  }
}

function count(value: number): string {
  return value.toLocaleString('en-US')
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('cnn-studio model', () => {
  test('--json prints one object: each layer with shape, parameters, FLOPs, receptive field; totals', async () => {
    const { code, stdout } = await run(['--preset', 'alexnet', '--json'])
    expect(code).toBe(0)
    expect(stdout.trim().split('\n')).toHaveLength(1)
    const result = JSON.parse(stdout)
    expect(Object.keys(result)).toEqual(['layers', 'totals'])
    const summary = inferShapes(presetSpec('alexnet', { height: 224, width: 224, channels: 3 }, 1000))
    expect(result.layers).toHaveLength(summary.layers.length)
    expect(result.layers[0]).toEqual({
      number: 1,
      kind: 'conv',
      id: null,
      label: 'conv 11×11, 64 filters, stride 4, pad 2',
      output: '55×55×64',
      outputShape: { height: 55, width: 55, channels: 64 },
      parameters: 64 * 3 * 11 * 11 + 64,
      flops: 55 * 55 * 64 * 11 * 11 * 3,
      receptiveField: { size: 11, stride: 4 },
    })
    expect(result.totals).toMatchObject({
      name: 'AlexNet (torchvision)',
      input: '224×224×3',
      classes: 1000,
      parameters: 61_100_840,
      flops: summary.totalFlops,
    })
  })

  test('the table lists every layer with its number, label and output, then the totals', async () => {
    const { stdout } = await run(['--preset', 'resnetSmall', '--input', '28x28x1', '--classes', '5'])
    const summary = inferShapes(presetSpec('resnetSmall', { height: 28, width: 28, channels: 1 }, 5))
    const lines = stdout.trimEnd().split('\n')
    expect(lines[0]).toBe('ResNet (small): 28×28×1 input, 5 classes')
    expect(lines[1]).toMatch(/^ *# +layer +output +parameters +FLOPs +receptive field \(size \/ stride\)$/)
    expect(lines[2]).toMatch(/input +28×28×1 +1 \/ 1$/)
    summary.layers.forEach((layer, index) => {
      const line = lines[3 + index]
      expect(line.trimStart().startsWith(`${index + 1} `)).toBe(true)
      expect(line).toContain(layer.label)
      expect(line).toContain(formatShape(layer.outputShape!))
      expect(line).toContain(`${layer.receptiveField!.size} / ${layer.receptiveField!.stride}`)
    })
    expect(lines[3 + summary.layers.length]).toMatch(
      new RegExp(`total +${count(summary.totalParameters)} +${count(summary.totalFlops)}$`),
    )
    expect(stdout).toContain("add (1×1 projection of 'stage1.block1')")
  })

  test.each([
    [[], /--preset is required \(one of lenet, tiny, cifarClassic, vggSmall, resnetSmall, alexnet, vgg16\)/],
    [['--preset', 'resnet50'], /--preset: got 'resnet50', expected one of lenet, tiny/],
    [['--preset', 'lenet', '--input', '28x28'], /--input: got '28x28', expected HxWxC such as 32x32x3/],
    [['--preset', 'lenet', '--input', '28x28x5'], /--input: got '28x28x5'.*1 to 4 channels/],
    [['--preset', 'lenet', '--classes', '1'], /--classes: got '1', expected a whole number from 2 to 65536/],
    [['--preset', 'alexnet', '--input', '32x32x3'], /AlexNet \(torchvision\) does not fit 32×32×3 input: layer \d+/],
    [['--preset', 'lenet', '--depth', '3'], /cnn-studio model: .*--depth/],
  ])('refuses %j with a clear message', async (args, message) => {
    await expect(run(args)).rejects.toThrow(message)
    await expect(run(args)).rejects.toBeInstanceOf(CliError)
  })

  test('parseInputShape accepts x and ×; the usage names every preset', () => {
    expect(parseInputShape('32×32×3')).toEqual({ height: 32, width: 32, channels: 3 })
    expect(parseInputShape(' 28x20x1 ')).toEqual({ height: 28, width: 20, channels: 1 })
    expect(MODEL_USAGE).toContain('lenet, tiny, cifarClassic, vggSmall, resnetSmall, alexnet, vgg16')
  })
})

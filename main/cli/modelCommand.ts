// `cnn-studio model`: a preset's layers as a table (or one JSON object): each layer's number, label, output
// shape, parameters, FLOPs (multiply-adds per image) and receptive field, then the totals. Pure shape inference:
// nothing is built or trained, so AlexNet and VGG-16 print instantly.

import { PRESETS, isPresetName, presetSpec } from '../../app/model/presets'
import type { TensorShape } from '../../app/model/networkSpec'
import { formatShape, inferShapes } from '../../app/model/shapeInference'
import type { LayerInfo, NetworkSummary } from '../../app/model/shapeInference'
import { SPEC_LIMITS } from '../../app/model/validateSpec'
import { CliError } from './cliError'
import { integerFlag, parseFlags, stringFlag } from './flags'

const PRESET_NAMES = PRESETS.map((preset) => preset.name).join(', ')

export const MODEL_USAGE = `cnn-studio model --preset NAME [--input HxWxC] [--classes K] [--json]
  --preset NAME    ${PRESET_NAMES}
  --input HxWxC    input image height×width×channels     (default: the preset's own, e.g. 224x224x3 for alexnet)
  --classes K      number of classes                     (default: the preset's own, e.g. 1000 for alexnet)
  --json           one JSON object {layers, totals} instead of a table
  FLOPs are multiply-adds per image; the receptive field is the size and stride, in input pixels, of the
  input patch one output value sees.`

const FLAGS = {
  preset: { type: 'string' },
  input: { type: 'string' },
  classes: { type: 'string' },
  json: { type: 'boolean' },
} as const

/** "28x28x1" or "28×28×1" → a shape within SPEC_LIMITS. */
export function parseInputShape(value: string): TensorShape {
  const match = /^\s*(\d+)\s*[x×]\s*(\d+)\s*[x×]\s*(\d+)\s*$/.exec(value)
  const [height, width, channels] = match === null ? [] : match.slice(1).map(Number)
  const side = SPEC_LIMITS.imageSide
  const isValid =
    match !== null &&
    [height, width].every((size) => size >= 1 && size <= side) &&
    channels >= 1 &&
    channels <= SPEC_LIMITS.channels
  if (!isValid) {
    throw new CliError(
      `--input: got '${value}', expected HxWxC such as 32x32x3 ` +
        `(sides 1 to ${side}, 1 to ${SPEC_LIMITS.channels} channels)`,
    )
  }
  return { height, width, channels }
}

function count(value: number): string {
  return value.toLocaleString('en-US')
}

function field(layer: LayerInfo): string {
  return layer.receptiveField === null ? '?' : `${layer.receptiveField.size} / ${layer.receptiveField.stride}`
}

function layerJson(layer: LayerInfo) {
  return {
    number: layer.index + 1,
    kind: layer.kind,
    id: layer.id,
    label: layer.label,
    output: layer.outputShape && formatShape(layer.outputShape),
    outputShape: layer.outputShape,
    parameters: layer.parameters,
    flops: layer.flops,
    receptiveField: layer.receptiveField,
  }
}

function totalsJson(name: string, summary: NetworkSummary, classCount: number) {
  const last = summary.layers[summary.layers.length - 1]
  return {
    name,
    input: formatShape(summary.inputShape),
    classes: classCount,
    layers: summary.layers.length,
    parameters: summary.totalParameters,
    flops: summary.totalFlops,
    receptiveField: last?.receptiveField ?? null,
  }
}

/** Columns padded to their widest cell; numbers right-aligned. */
function formatTable(rows: readonly (readonly string[])[], rightAligned: readonly boolean[]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)))
  return rows
    .map((row) =>
      row
        .map((cell, column) =>
          rightAligned[column] ? cell.padStart(widths[column]) : cell.padEnd(widths[column]),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}

function formatSummary(name: string, summary: NetworkSummary, classCount: number): string {
  const header = ['#', 'layer', 'output', 'parameters', 'FLOPs', 'receptive field (size / stride)']
  const rows = summary.layers.map((layer) => [
    String(layer.index + 1),
    layer.id === null ? layer.label : `${layer.label}  [${layer.id}]`,
    layer.outputShape === null ? '?' : formatShape(layer.outputShape),
    count(layer.parameters),
    count(layer.flops),
    field(layer),
  ])
  const input = ['', 'input', formatShape(summary.inputShape), '', '', '1 / 1']
  const totals = ['', 'total', '', count(summary.totalParameters), count(summary.totalFlops), '']
  const table = formatTable([header, input, ...rows, totals], [true, false, true, true, true, true])
  return `${name}: ${formatShape(summary.inputShape)} input, ${classCount} classes\n${table}\n`
}

export async function modelCommand(args: readonly string[]): Promise<number> {
  const flags = parseFlags(args, FLAGS, 'model')
  const presetName = stringFlag(flags.preset)
  if (presetName === undefined) {
    throw new CliError(`cnn-studio model: --preset is required (one of ${PRESET_NAMES})`)
  }
  if (!isPresetName(presetName)) {
    throw new CliError(`--preset: got '${presetName}', expected one of ${PRESET_NAMES}`)
  }
  const preset = PRESETS.find((candidate) => candidate.name === presetName)!
  const inputFlag = stringFlag(flags.input)
  const input = inputFlag === undefined ? preset.defaultInput : parseInputShape(inputFlag)
  const classCount = integerFlag(flags.classes, 'classes', preset.defaultClassCount, 2, SPEC_LIMITS.units)
  const spec = presetSpec(presetName, input, classCount)
  const summary = inferShapes(spec)
  if (!summary.isValid) {
    const problems = summary.errors.join('; ')
    throw new CliError(`cnn-studio model: ${spec.name} does not fit ${formatShape(input)} input: ${problems}`)
  }
  if (flags.json === true) {
    const result = { layers: summary.layers.map(layerJson), totals: totalsJson(spec.name, summary, classCount) }
    process.stdout.write(`${JSON.stringify(result)}\n`)
  } else {
    process.stdout.write(formatSummary(spec.name, summary, classCount))
  }
  return 0
}

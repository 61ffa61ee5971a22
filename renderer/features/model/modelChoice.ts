// Which network the studio would train: a preset built for the chosen dataset's image size and class
// count, with its shapes inferred. Without a dataset it uses a stand-in input and says so.

import type { NetworkSpec, TensorShape } from '../../../app/model/networkSpec'
import { presetSpec } from '../../../app/model/presets'
import type { PresetName } from '../../../app/model/presets'
import { inferShapes } from '../../../app/model/shapeInference'
import type { NetworkSummary } from '../../../app/model/shapeInference'

export const DEFAULT_INPUT: TensorShape = { height: 32, width: 32, channels: 3 }
export const DEFAULT_CLASS_COUNT = 6

export type ModelChoice = Readonly<{
  presetName: PresetName
  spec: NetworkSpec
  summary: NetworkSummary
  classCount: number
  /** True when no dataset is chosen and DEFAULT_INPUT / DEFAULT_CLASS_COUNT stand in for it. */
  isStandIn: boolean
}>

export type DatasetShape = Readonly<{ imageShape: TensorShape; classNames: readonly string[] }>

export function chooseModel(presetName: PresetName, dataset: DatasetShape | null): ModelChoice {
  const input = dataset?.imageShape ?? DEFAULT_INPUT
  const classCount = dataset?.classNames.length ?? DEFAULT_CLASS_COUNT
  const spec = presetSpec(presetName, input, classCount)
  return { presetName, spec, summary: inferShapes(spec), classCount, isStandIn: dataset === null }
}

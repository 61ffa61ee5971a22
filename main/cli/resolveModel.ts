// Turns the --model flag into a network spec: a preset name sized to the data, or a spec.json file checked
// at the edge (structure by validateNetworkSpec, geometry and fit to the data by specFitProblem).

import { readFile } from 'node:fs/promises'
import type { NetworkSpec, TensorShape } from '../../app/model/networkSpec'
import { isPresetName, PRESETS, presetSpec } from '../../app/model/presets'
import { specFitProblem } from '../../app/model/specFit'
import { validateNetworkSpec } from '../../app/model/validateSpec'
import { CliError } from './cliError'

export async function resolveModel(model: string, imageShape: TensorShape, classCount: number): Promise<NetworkSpec> {
  let spec: NetworkSpec
  if (isPresetName(model)) {
    spec = presetSpec(model, imageShape, classCount)
  } else if (model.endsWith('.json')) {
    let text: string
    try {
      text = await readFile(model, 'utf8')
    } catch (error) {
      throw new CliError(`--model: cannot read '${model}': ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch (error) {
      throw new CliError(`--model: '${model}' is not valid JSON: ${(error as Error).message}`)
    }
    try {
      spec = validateNetworkSpec(parsed, model)
    } catch (error) {
      throw new CliError(`--model: ${(error as Error).message}`)
    }
  } else {
    const names = PRESETS.map((preset) => preset.name).join(', ')
    throw new CliError(`--model: got '${model}', expected a preset (${names}) or a path to a spec .json file`)
  }
  const problem = specFitProblem(spec, imageShape, classCount)
  if (problem) {
    throw new CliError(`--model: ${problem}`)
  }
  return spec
}

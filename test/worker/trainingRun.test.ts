import { describe, expect, test } from 'vitest'
import { computeNormalization } from '../../app/data/imageDataset'
import { generateSampleShapes } from '../../app/data/sampleShapes'
import { presetSpec } from '../../app/model/presets'
import type { Hyperparameters } from '../../app/protocol/trainerProtocol'
import type { LoadedDataset } from '../../worker/dataLoader'
import { TrainingRun } from '../../worker/trainingRun'

const dataset = generateSampleShapes({ perClass: 4, size: 8, seed: 2 })
const hyperparameters: Hyperparameters = {
  epochs: 1,
  batchSize: 4,
  learningRate: 0.01,
  momentum: 0.9,
  seed: 1,
  options: { threads: 1 },
}
const config = {
  runId: 'normalisation-test',
  spec: presetSpec('tiny', dataset.imageShape, dataset.classNames.length),
  data: { kind: 'cache', id: 'shapes-1' } as const,
  hyperparameters,
}

async function createAndEvaluate(loaded: LoadedDataset) {
  const run = await TrainingRun.create(config, loaded, null)
  try {
    return { normalization: run.normalization, metrics: await run.evaluate('train') }
  } finally {
    await run.dispose()
  }
}

describe('TrainingRun normalisation', () => {
  test("uses the normalisation from the cache's header when there is one", async () => {
    const imported = { mean: [0.125, 0.25, 0.5], std: [0.5, 0.25, 1] }
    const computed = computeNormalization(dataset, dataset.splits.train)
    expect(computed).not.toEqual(imported)
    const { normalization, metrics } = await createAndEvaluate({ dataset, normalization: imported })
    expect(normalization).toEqual(imported)
    expect(metrics.count).toBe(dataset.splits.train.length)
    expect(Number.isFinite(metrics.loss)).toBe(true)
  })

  test('computes it on the training split for the sample and caches without one', async () => {
    const { normalization } = await createAndEvaluate({ dataset, normalization: null })
    expect(normalization).toEqual(computeNormalization(dataset, dataset.splits.train))
  })

  test('evaluation goes through it: same weights, same loss only when the normalisation is the same', async () => {
    const computed = computeNormalization(dataset, dataset.splits.train)
    const own = await createAndEvaluate({ dataset, normalization: null })
    const copy = { mean: [...computed.mean], std: [...computed.std] }
    const same = await createAndEvaluate({ dataset, normalization: copy })
    const different = { mean: [0.9, 0.1, 0.9], std: [0.05, 0.05, 0.05] }
    const other = await createAndEvaluate({ dataset, normalization: different })
    expect(same.metrics.loss).toBe(own.metrics.loss)
    expect(other.metrics.loss).not.toBe(own.metrics.loss)
  })
})

// A shortened Fashion-MNIST run (scripts/fashionMnist.ts, the LeNet-style net and settings) on Debian's
// dataset-fashion-mnist files: one epoch over 3,000 training images must already classify far above chance.
// The full run (2 epochs, ≥ 86% on the 10,000 test images) is the script's; it takes minutes.

import { existsSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { trainFashionMnist } from '../../scripts/fashionMnist'

const FOLDER = '/usr/share/datasets/fashion-mnist'
const isInstalled = existsSync(`${FOLDER}/train-images-idx3-ubyte.gz`)
if (!isInstalled) {
  console.log(`fashionMnist: skipped, ${FOLDER} is absent (apt-get install dataset-fashion-mnist)`)
}

describe.skipIf(!isInstalled)('Fashion-MNIST, shortened', () => {
  test('one epoch over 3,000 images reaches at least 60% (chance is 10%) on 1,000 test images', async () => {
    const result = await trainFashionMnist({
      folder: FOLDER,
      epochs: 1,
      batchSize: 64,
      learningRate: 0.01,
      momentum: 0.9,
      seed: 1,
      validationFraction: 0.1,
      trainLimit: 3000,
      evaluationLimit: 1000,
    })
    expect(result.trainCount).toBe(3000)
    expect(result.test.count).toBe(1000)
    expect(result.test.accuracy).toBeGreaterThanOrEqual(0.6)
  }, 300_000)
})

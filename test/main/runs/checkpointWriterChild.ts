// Child process for the crash test in checkpointStore.test.ts (bundled by the test, run with plain node):
// saves ever newer large checkpoints into argv[2] until it is killed, printing "saved <k>" after each.
// Checkpoint k has every weight equal to k, so the test can tell which complete save a file holds.

import { CheckpointStore } from '../../../main/runs/checkpointStore'
import { makeCheckpoint } from '../../app/formats/checkpointFixture'

const [runDir, weightCountText] = process.argv.slice(2)
const weightCount = Number(weightCountText)
const store = new CheckpointStore(runDir)
const base = makeCheckpoint({ weightCount: 1000 })

for (let k = 1; ; k++) {
  const weights = new Float32Array(weightCount).fill(k)
  const checkpoint = {
    ...base,
    paramLengths: [weightCount - 16, 8, 8],
    weights,
    optimizerState: weights,
    progress: { epoch: 2, stepInEpoch: k, globalStep: 80 + k },
  }
  await store.save(checkpoint, { isEpochEnd: false })
  process.stdout.write(`saved ${k}\n`)
}

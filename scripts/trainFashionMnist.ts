// Fashion-MNIST with the LeNet-style net of issue 3, from the command line (see scripts/fashionMnist.ts):
//   node scripts/run-ts.mjs --fast-kernels scripts/trainFashionMnist.ts [--data DIR] [--epochs 2] [--batch 64]
//     [--lr 0.01] [--momentum 0.9] [--seed 1] [--validation 0.1] [--train-limit N] [--evaluation-limit N]
// Prints one line per epoch, then the test accuracy and one JSON line with every figure.

import { parseArgs } from 'node:util'
import { trainFashionMnist } from './fashionMnist'

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '/usr/share/datasets/fashion-mnist' },
    epochs: { type: 'string', default: '2' },
    batch: { type: 'string', default: '64' },
    lr: { type: 'string', default: '0.01' },
    momentum: { type: 'string', default: '0.9' },
    seed: { type: 'string', default: '1' },
    validation: { type: 'string', default: '0.1' },
    'train-limit': { type: 'string' },
    'evaluation-limit': { type: 'string' },
  },
})
const options = {
  folder: values.data,
  epochs: Number(values.epochs),
  batchSize: Number(values.batch),
  learningRate: Number(values.lr),
  momentum: Number(values.momentum),
  seed: Number(values.seed),
  validationFraction: Number(values.validation),
  trainLimit: values['train-limit'] === undefined ? undefined : Number(values['train-limit']),
  evaluationLimit: values['evaluation-limit'] === undefined ? undefined : Number(values['evaluation-limit']),
}
const log = (line: string) => console.log(line)
log(`options: ${JSON.stringify(options)}`)
const result = await trainFashionMnist({ ...options, log })
log(
  `test accuracy ${(100 * result.test.accuracy).toFixed(2)}% (loss ${result.test.loss.toFixed(4)}, ` +
    `${result.test.count} images); validation ${(100 * result.validation.accuracy).toFixed(2)}%; ` +
    `${result.seconds.toFixed(0)} s in all`,
)
log(JSON.stringify(result))

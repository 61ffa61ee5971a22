// Writes Debian's Fashion-MNIST as a folder of 1-channel 28×28 PNG files in class subfolders:
// <out>/train/<class>/<index>.png (60,000) and <out>/test/<class>/<index>.png (10,000), <index> being the image's
// position in its IDX file, so a folder import can be compared with the IDX import image by image.
// Usage: node scripts/run-ts.mjs scripts/fashionMnistPngs.ts <out dir> [--limit-train N] [--limit-test N]
//        [--concurrency N] [--source /usr/share/datasets/fashion-mnist]

import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { DEBIAN_FASHION_MNIST, writeFashionMnistPngs } from './fashionMnistFolder'

function countOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) {
    return undefined
  }
  const count = Number(value)
  if (!Number.isInteger(count) || count < 0) {
    throw new Error(`--${name}: expected a whole number ≥ 0, got '${value}'`)
  }
  return count
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'limit-train': { type: 'string' },
    'limit-test': { type: 'string' },
    concurrency: { type: 'string' },
    source: { type: 'string' },
  },
})
if (positionals.length !== 1) {
  process.stderr.write('usage: fashionMnistPngs.ts <out dir> [--limit-train N] [--limit-test N]\n')
  process.exit(2)
}
const folder = resolve(positionals[0])
const started = performance.now()
const result = await writeFashionMnistPngs(folder, {
  source: values.source ?? DEBIAN_FASHION_MNIST,
  limitTrain: countOption(values['limit-train'], 'limit-train'),
  limitTest: countOption(values['limit-test'], 'limit-test'),
  concurrency: countOption(values.concurrency, 'concurrency'),
  onProgress: (line) => console.log(line),
})
const seconds = ((performance.now() - started) / 1000).toFixed(1)
const what = `${result.train} training and ${result.test} test PNG files`
console.log(result.reused ? `${folder} already holds ${what}; nothing written` : `wrote ${what} to ${folder} in ${seconds} s`)

// Times the conv2d kernels against each other on the layer shapes of the benchmark nets (LeNet-style N1 and the
// VGG-style N3): variants run interleaved (A, B, A, B, ...) and each figure is the median of the rounds, because
// the machines are shared. A development tool, not a test: it asserts nothing.
// Usage: node scripts/run-ts.mjs scripts/benchConv.ts [--rounds 7] [--batch 8]

import { parseArgs } from 'node:util'
import { conv2dBackward, conv2dForward, conv2dOutputSize } from '../app/engine/kernels/conv2d'
import type { Conv2dShape } from '../app/engine/kernels/conv2d'
import { conv2dBackwardWith, conv2dForwardWith } from '../app/engine/kernels/conv2dFast'
import { matmul } from '../app/engine/kernels/matmul'
import { conv2dBackwardSimd, conv2dForwardSimd } from '../app/engine/kernels/wasm/conv2dSimd'
import { matmulSimd } from '../app/engine/kernels/wasm/matmulSimd'
import { Random } from '../app/engine/random'

type Variant = { name: string; forward: typeof conv2dForward; backward: typeof conv2dBackward }

const VARIANTS: Variant[] = [
  { name: 'naive', forward: conv2dForward, backward: conv2dBackward },
  {
    name: 'im2col + TS matmul',
    forward: (...args) => conv2dForwardWith(matmul, ...args),
    backward: (...args) => conv2dBackwardWith(matmul, ...args),
  },
  {
    name: 'im2col + SIMD matmul',
    forward: (...args) => conv2dForwardWith(matmulSimd, ...args),
    backward: (...args) => conv2dBackwardWith(matmulSimd, ...args),
  },
  { name: 'all SIMD (conv2dSimd)', forward: conv2dForwardSimd, backward: conv2dBackwardSimd },
]

function layer(C: number, H: number, OC: number, K: number, P: number, batch: number): Conv2dShape {
  return { batch, inChannels: C, height: H, width: H, outChannels: OC, kernelSize: K, stride: 1, pad: P }
}

function randomArray(length: number, random: Random): Float32Array {
  return Float32Array.from({ length }, () => random.uniform() * 2 - 1)
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** Milliseconds per call of run(), over at least minimumMs of repeated calls. */
function timeCalls(run: () => void, minimumMs: number): number {
  const start = performance.now()
  let calls = 0
  do {
    run()
    calls++
  } while (performance.now() - start < minimumMs)
  return (performance.now() - start) / calls
}

const { values } = parseArgs({ options: { rounds: { type: 'string' }, batch: { type: 'string' } } })
const rounds = Number(values.rounds ?? 7)
const batch = Number(values.batch ?? 8)
const shapes: [string, Conv2dShape][] = [
  ['N1 conv1 28×28×1→8 5×5 p2', layer(1, 28, 8, 5, 2, batch)],
  ['N1 conv2 14×14×8→16 5×5 p2', layer(8, 14, 16, 5, 2, batch)],
  ['N3 conv1 32×32×3→32 3×3 p1', layer(3, 32, 32, 3, 1, batch)],
  ['N3 conv2 32×32×32→32 3×3 p1', layer(32, 32, 32, 3, 1, batch)],
  ['N3 conv3 16×16×32→64 3×3 p1', layer(32, 16, 64, 3, 1, batch)],
  ['N3 conv4 16×16×64→64 3×3 p1', layer(64, 16, 64, 3, 1, batch)],
]

console.log(`conv2d kernels, batch ${batch}, ${rounds} interleaved rounds, median ms per call (GFLOP/s)`)
const random = new Random(1)
for (const [label, shape] of shapes) {
  const {
    batch: N,
    inChannels: C,
    height: H,
    width: W,
    outChannels: OC,
    kernelSize: K,
    stride: S,
    pad: P,
  } = shape
  const outCount = N * OC * conv2dOutputSize(H, K, S, P) * conv2dOutputSize(W, K, S, P)
  const input = randomArray(N * C * H * W, random)
  const weights = randomArray(OC * C * K * K, random)
  const bias = randomArray(OC, random)
  const dOut = randomArray(outCount, random)
  const out = new Float32Array(outCount)
  const dInput = new Float32Array(input.length)
  const dWeights = new Float32Array(weights.length)
  const dBias = new Float32Array(OC)
  const multiplyAdds = outCount * C * K * K
  const times = VARIANTS.map(() => ({ forward: [] as number[], backward: [] as number[] }))
  for (let round = 0; round < rounds; round++) {
    VARIANTS.forEach((variant, v) => {
      times[v].forward.push(timeCalls(() => variant.forward(out, input, weights, bias, shape), 150))
      times[v].backward.push(
        timeCalls(() => variant.backward(dInput, dWeights, dBias, dOut, input, weights, shape), 150),
      )
    })
  }
  const cells = VARIANTS.map((variant, v) => {
    const forward = median(times[v].forward)
    const backward = median(times[v].backward)
    const rate = (ms: number, passes: number) => ((2 * passes * multiplyAdds) / ms / 1e6).toFixed(2)
    const forwardText = `fwd ${forward.toFixed(2)} (${rate(forward, 1)})`
    return `${variant.name}: ${forwardText} bwd ${backward.toFixed(2)} (${rate(backward, 2)})`
  })
  const speedups = VARIANTS.slice(1).map((variant, index) => {
    const ratio = (key: 'forward' | 'backward') =>
      (median(times[0][key]) / median(times[index + 1][key])).toFixed(1)
    return `${variant.name} ${ratio('forward')}× fwd, ${ratio('backward')}× bwd`
  })
  console.log(`${label}\n  ${cells.join('\n  ')}\n  speed-up over naive: ${speedups.join('; ')}`)
}

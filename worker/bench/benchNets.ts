// The three fixed networks `cnn-studio bench` trains (the same as scripts/bench-pytorch.py, so the two compare),
// the synthetic batch they train on, and the contract of a trainer the bench can time. How a trainer runs its
// step (the thread pool, see poolTrainer.ts) is not this file's business.

import { Random } from '../../app/engine/random'
import type { LayerSpec, NetworkSpec, TensorShape } from '../../app/model/networkSpec'

export type BenchNetName = 'N1' | 'N2' | 'N3'

export type BenchNet = Readonly<{ name: BenchNetName; description: string; spec: NetworkSpec }>

/** One timed unit of work: one optimisation step on a batch of `batchSize` images. */
export type TrainStep = () => void | Promise<void>

export type BenchTrainer = Readonly<{ step: TrainStep; parameterCount: number; close?: () => Promise<void> }>

export type TrainStepOptions = Readonly<{ threads: number; batchSize: number; seed: number }>

/** Builds a trainer for one net at one thread count. */
export type TrainStepFactory = (net: BenchNet, options: TrainStepOptions) => Promise<BenchTrainer>

const CLASSES = 10

function conv(filters: number, kernelSize: number, pad: number): LayerSpec {
  return { kind: 'conv', filters, kernelSize, stride: 1, pad }
}

const RELU: LayerSpec = { kind: 'relu' }
const POOL: LayerSpec = { kind: 'maxPool', size: 2 }
const FLATTEN: LayerSpec = { kind: 'flatten' }
const SOFTMAX: LayerSpec = { kind: 'softmax' }

function dense(units: number): LayerSpec {
  return { kind: 'dense', units }
}

function net(name: BenchNetName, description: string, input: TensorShape, layers: LayerSpec[]): BenchNet {
  return { name, description, spec: { name: `bench ${name}`, input, layers } }
}

const GREY_28 = { height: 28, width: 28, channels: 1 }
const RGB_32 = { height: 32, width: 32, channels: 3 }

export const BENCH_NETS: readonly BenchNet[] = [
  net('N1', 'LeNet-style: conv5×5 8 p2, pool, conv5×5 16 p2, pool, dense 10 on 28×28×1', GREY_28, [
    ...[conv(8, 5, 2), RELU, POOL, conv(16, 5, 2), RELU, POOL],
    ...[FLATTEN, dense(CLASSES), SOFTMAX],
  ]),
  net('N2', 'classic CIFAR: 3 × (conv5×5 p2, pool) of 16, 20, 20, dense 10 on 32×32×3', RGB_32, [
    ...[conv(16, 5, 2), RELU, POOL, conv(20, 5, 2), RELU, POOL, conv(20, 5, 2), RELU, POOL],
    ...[FLATTEN, dense(CLASSES), SOFTMAX],
  ]),
  net('N3', 'VGG-style: conv3×3 32, 32, pool, 64, 64, pool, dense 128, 10 on 32×32×3', RGB_32, [
    ...[conv(32, 3, 1), RELU, conv(32, 3, 1), RELU, POOL, conv(64, 3, 1), RELU, conv(64, 3, 1), RELU, POOL],
    ...[FLATTEN, dense(128), RELU, dense(CLASSES), SOFTMAX],
  ]),
]

/** Standard-normal inputs and uniform labels: a fixed batch, so every step does the same work. */
export function syntheticBatch(input: TensorShape, batchSize: number, seed: number) {
  const random = new Random(seed)
  const inputs = Float32Array.from({ length: batchSize * input.height * input.width * input.channels }, () =>
    random.normal(),
  )
  const labels = Int32Array.from({ length: batchSize }, () => Math.floor(random.uniform() * CLASSES))
  return { inputs, labels }
}

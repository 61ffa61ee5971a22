// The network as data: what the editor edits, the diagram draws, the trainer builds and a run saves.
// Defaults are resolved in exactly one place (resolveLayer.ts); nothing is inserted silently:
// what the layer list shows is what trains (the one derived piece, an add layer's 1×1 projection, is named in
// its label). Layout everywhere: a tensor is (N, C, H, W), row-major; a "shape" here is one sample's (C, H, W)
// shown to people as H×W×C. The spec is a list, made a graph by ids: see docs/network-spec.md.

/** One sample's size: height × width × channels. */
export type TensorShape = Readonly<{ height: number; width: number; channels: number }>

/** Any layer may carry an id, so that a later add layer can refer to its output. 'input' is reserved. */
type Identified = { id?: string }

/** Zero padding on every side: a number of pixels, 'valid' (0) or 'same' (output size = input size, stride 1). */
export type Padding = number | 'same' | 'valid'

export type ConvSpec = Readonly<
  Identified & {
    kind: 'conv'
    filters: number
    kernelSize: number
    stride?: number // default 1
    pad?: Padding // default 0
    bias?: boolean // default true
  }
>
export type ReluSpec = Readonly<Identified & { kind: 'relu' }>
export type LeakyReluSpec = Readonly<Identified & { kind: 'leakyRelu'; slope?: number }> // default 0.01
export type SigmoidSpec = Readonly<Identified & { kind: 'sigmoid' }>
export type TanhSpec = Readonly<Identified & { kind: 'tanh' }>
/** Max pooling; padding counts as −∞ (never wins), as in PyTorch. */
export type MaxPoolSpec = Readonly<
  Identified & {
    kind: 'maxPool'
    size: number
    stride?: number // default: size
    pad?: number // default 0, at most size / 2
  }
>
/** Average pooling; padding counts as zeros and every window divides by size² (PyTorch count_include_pad=True). */
export type AvgPoolSpec = Readonly<
  Identified & {
    kind: 'avgPool'
    size: number
    stride?: number // default: size
    pad?: number // default 0, at most size / 2
  }
>
/** The mean of each channel over all positions: H×W×C → 1×1×C. */
export type GlobalAvgPoolSpec = Readonly<Identified & { kind: 'globalAvgPool' }>
/** Batch normalisation over channels (feature maps) or features (vectors), with learned scale and shift. */
export type BatchNormSpec = Readonly<
  Identified & {
    kind: 'batchNorm'
    momentum?: number // default 0.1: running = (1 − momentum)·running + momentum·batch (PyTorch convention)
    epsilon?: number // default 1e-5
  }
>
/** Inverted dropout: zeroes a fraction `rate` of values while training and scales the rest by 1/(1 − rate). */
export type DropoutSpec = Readonly<Identified & { kind: 'dropout'; rate: number }>
export type FlattenSpec = Readonly<Identified & { kind: 'flatten' }>
export type DenseSpec = Readonly<Identified & { kind: 'dense'; units: number }>
/**
 * Residual connection: the previous layer's output plus the output of the layer whose id is `from` ('input' for
 * the network input). When the shapes differ, the skip path goes through a learned 1×1 convolution (no bias).
 */
export type AddSpec = Readonly<Identified & { kind: 'add'; from: string }>
/** Turns the last layer's scores into probabilities; trained fused with the loss. Must be last. */
export type SoftmaxSpec = Readonly<Identified & { kind: 'softmax' }>

export type LayerSpec =
  | ConvSpec
  | ReluSpec
  | LeakyReluSpec
  | SigmoidSpec
  | TanhSpec
  | MaxPoolSpec
  | AvgPoolSpec
  | GlobalAvgPoolSpec
  | BatchNormSpec
  | DropoutSpec
  | FlattenSpec
  | DenseSpec
  | AddSpec
  | SoftmaxSpec
export type LayerKind = LayerSpec['kind']

export const LAYER_KINDS: readonly LayerKind[] = [
  'conv',
  'relu',
  'leakyRelu',
  'sigmoid',
  'tanh',
  'maxPool',
  'avgPool',
  'globalAvgPool',
  'batchNorm',
  'dropout',
  'flatten',
  'dense',
  'add',
  'softmax',
]

/** What add.from names to mean the network input; no layer may take this id. */
export const INPUT_ID = 'input'

export type NetworkSpec = Readonly<{
  /** Shown in the UI and saved with a run, e.g. "LeNet-5". */
  name: string
  input: TensorShape
  layers: readonly LayerSpec[]
}>

// The network as data: what the editor edits, the diagram draws, the trainer builds and a run saves.
// Defaults are resolved in exactly one place (shapeInference.ts); nothing is inserted silently:
// what the layer list shows is what trains.
// Layout everywhere: a tensor is (N, C, H, W), row-major; a "shape" here is one sample's (C, H, W)
// shown to people as H×W×C.

/** One sample's size: height × width × channels. */
export type TensorShape = Readonly<{ height: number; width: number; channels: number }>

export type ConvSpec = Readonly<{
  kind: 'conv'
  filters: number
  kernelSize: number
  stride?: number // default 1
  pad?: number // zero padding on every side, default 0
}>
export type ReluSpec = Readonly<{ kind: 'relu' }>
export type MaxPoolSpec = Readonly<{
  kind: 'maxPool'
  size: number
  stride?: number // default: size
}>
export type FlattenSpec = Readonly<{ kind: 'flatten' }>
export type DenseSpec = Readonly<{ kind: 'dense'; units: number }>
/** Turns the last layer's scores into probabilities; trained fused with cross-entropy. Must be last. */
export type SoftmaxSpec = Readonly<{ kind: 'softmax' }>

export type LayerSpec = ConvSpec | ReluSpec | MaxPoolSpec | FlattenSpec | DenseSpec | SoftmaxSpec
export type LayerKind = LayerSpec['kind']

export const LAYER_KINDS: readonly LayerKind[] = ['conv', 'relu', 'maxPool', 'flatten', 'dense', 'softmax']

export type NetworkSpec = Readonly<{
  /** Shown in the UI and saved with a run, e.g. "LeNet-5". */
  name: string
  input: TensorShape
  layers: readonly LayerSpec[]
}>

// Inspection requests about a trained (or training) network, and their answers: class probabilities,
// activation maps, filters, saliency and Grad-CAM for one image. Answered by the trainer between steps.

import type { TensorShape } from '../model/networkSpec'

export type InspectImage = Readonly<
  | { kind: 'dataset'; split: 'train' | 'validation' | 'test'; index: number }
  /** H×W×C uint8 as decoded, the model's input size; normalised the way training did. */
  | { kind: 'pixels'; shape: TensorShape; pixels: Uint8Array }
>

export type InspectRequest = Readonly<
  | { kind: 'probabilities'; image: InspectImage }
  | { kind: 'activations'; image: InspectImage; layerIndices?: readonly number[] }
  | { kind: 'filters' }
  | { kind: 'saliency'; image: InspectImage; classIndex: number }
  | { kind: 'gradCam'; image: InspectImage; classIndex: number; layerIndex: number | null }
>

export type InspectResult = Readonly<
  | { kind: 'probabilities'; probabilities: Float32Array }
  | {
      kind: 'activations'
      /** kind: the spec layer kind ('conv', 'relu', ...). */
      layers: readonly Readonly<{ layerIndex: number; kind: string; shape: TensorShape; values: Float32Array }>[]
    }
  | {
      kind: 'filters'
      layers: readonly Readonly<{
        layerIndex: number
        shape: Readonly<{ outChannels: number; inChannels: number; kernelSize: number }>
        weights: Float32Array
      }>[]
    }
  /** |d score / d input|, max over channels, H×W, not normalised. */
  | { kind: 'saliency'; classIndex: number; height: number; width: number; map: Float32Array }
  /** H×W in [0, 1]. */
  | { kind: 'gradCam'; classIndex: number; layerIndex: number; height: number; width: number; map: Float32Array }
>

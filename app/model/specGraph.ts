// The graph inside the layer list: ids on layers and the add layers that read them. One place for the rules
// (ids unique, 'input' reserved, an add reads an EARLIER output), shared by shape inference (live messages in the
// editor) and validateSpec (specs from outside). Geometry of the add is layerGeometry.ts's.

import { INPUT_ID } from './networkSpec'
import type { LayerSpec } from './networkSpec'

/** An add layer's skip input: the index of the layer whose output it reads, −1 for the network input. */
export const NETWORK_INPUT = -1

export type LayerLink = Readonly<{
  /** add layers: where the skip path comes from (NETWORK_INPUT or an earlier layer index); null otherwise. */
  skipFrom: number | null
  /** The problem with this layer's id or its add.from; null when there is none. */
  error: string | null
}>

function idError(id: string | undefined, index: number, seen: ReadonlyMap<string, number>): string | null {
  if (id === undefined) {
    return null
  }
  if (id.trim() === '') {
    return 'id must not be empty: give the layer a name or remove the id'
  }
  if (id === INPUT_ID) {
    return `id '${INPUT_ID}' is reserved for the network input: choose another name`
  }
  const first = seen.get(id)
  return first !== undefined && first !== index
    ? `id '${id}' is already used by layer ${first + 1}: ids must be unique`
    : null
}

function fromError(from: string, index: number, ids: ReadonlyMap<string, number>): string | null {
  if (from === INPUT_ID) {
    return null
  }
  const target = ids.get(from)
  if (target === undefined) {
    const known = [INPUT_ID, ...ids.keys()].map((id) => `'${id}'`)
    return `from '${from}' names no layer (known ids: ${known.join(', ')})`
  }
  if (target >= index) {
    return (
      `from '${from}' names layer ${target + 1}, which is ${target === index ? 'this layer' : 'after this one'}: ` +
      `an add can only use the output of an earlier layer`
    )
  }
  return null
}

/** For every layer, its skip source (add layers) and the first problem with its id or add.from. */
export function linkLayers(layers: readonly LayerSpec[]): readonly LayerLink[] {
  const ids = new Map<string, number>() // first use of each id
  layers.forEach((layer, index) => {
    if (layer.id !== undefined && !ids.has(layer.id)) {
      ids.set(layer.id, index)
    }
  })
  return layers.map((layer, index) => {
    const ownError = idError(layer.id, index, ids)
    if (layer.kind !== 'add') {
      return { skipFrom: null, error: ownError }
    }
    const error = ownError ?? fromError(layer.from, index, ids)
    const target = layer.from === INPUT_ID ? NETWORK_INPUT : (ids.get(layer.from) ?? null)
    return { skipFrom: target !== null && target < index ? target : null, error }
  })
}

import { describe, expect, test } from 'vitest'
import type { DatasetSummary, StudioMethod } from '../../../../app/protocol/studioApi'
import { DatasetImports } from '../../../../renderer/features/data/datasetImports'
import type { LoaderState } from '../../../../renderer/features/data/datasetImports'
import { parseDatasetSummary } from '../../../../renderer/api/incomingDataset'
import { sampleSummary } from '../../fixtures'

type Call = { method: StudioMethod; params: unknown; resolve(value: unknown): void; reject(error: Error): void }

/** A client whose answers the test gives by hand, and a loader over it that records every state. */
function setup() {
  const calls: Call[] = []
  const client = {
    invoke: (method: StudioMethod, params: unknown) =>
      new Promise((resolve, reject) => calls.push({ method, params, resolve, reject })),
  } as never
  const states: LoaderState[] = []
  let nextId = 0
  const imports = new DatasetImports(client, (state) => states.push(state), () => `id${++nextId}`)
  const callsTo = (method: StudioMethod) => calls.filter((call) => call.method === method)
  return { imports, calls, callsTo, states }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))
const summary = (name: string): DatasetSummary => parseDatasetSummary({ ...sampleSummary(), name })
const progress = (importId: string, done: number) => ({
  type: 'importProgress' as const,
  progress: { importId, phase: 'decoding' as const, done, total: 10, imagesPerSecond: 5, etaSeconds: 1 },
})

describe('DatasetImports', () => {
  test('an import sends a fresh id, takes only its own progress, and shows the dataset it returns', async () => {
    const { imports, callsTo } = setup()
    imports.importFrom({ kind: 'path', path: '/data/a' }, { split: { seed: 3 } })
    await settle()
    expect(callsTo('datasets:import').map((call) => call.params)).toEqual([
      { importId: 'id1', source: { kind: 'path', path: '/data/a' }, settings: { split: { seed: 3 } } },
    ])
    expect(imports.current).toMatchObject({ busyWith: '/data/a', cancel: 'available', progress: null })
    imports.accept(progress('someone else', 3))
    expect(imports.current.progress).toBeNull()
    imports.accept(progress('id1', 4))
    expect(imports.current.progress?.done).toBe(4)
    callsTo('datasets:import')[0].resolve(summary('a'))
    await imports.settled()
    expect(imports.current).toMatchObject({ busyWith: null, progress: null, cancel: 'unavailable', message: null })
    expect(imports.current.dataset?.name).toBe('a')
  })

  test('cancel names the import; its failure becomes a calm notice and the shown dataset stays', async () => {
    const { imports, callsTo } = setup()
    imports.openSample()
    await settle()
    callsTo('datasets:sample')[0].resolve(summary('sample'))
    await imports.settled()
    imports.importFrom({ kind: 'path', path: '/data/big' })
    await settle()
    imports.cancelImport()
    imports.cancelImport() // a second press changes nothing
    expect(imports.current.cancel).toBe('requested')
    expect(callsTo('datasets:cancelImport').map((call) => call.params)).toEqual([{ importId: 'id1' }])
    callsTo('datasets:import')[0].reject(new Error('datasets:import: import cancelled'))
    await imports.settled()
    expect(imports.current).toMatchObject({
      busyWith: null,
      cancel: 'unavailable',
      message: { kind: 'notice', title: 'Import cancelled', text: 'nothing was changed.' },
    })
    expect(imports.current.dataset?.name).toBe('sample')
  })

  test('a failure says what was being opened, without the request name', async () => {
    const { imports, callsTo } = setup()
    imports.importFrom({ kind: 'upload', uploadId: 'u1' })
    await settle()
    callsTo('datasets:import')[0].reject(new Error('datasets:import: only one class folder: add a second class'))
    await imports.settled()
    expect(imports.current.message).toEqual({
      kind: 'error',
      title: 'Could not open the uploaded folder',
      text: 'only one class folder: add a second class',
    })
    imports.dismissMessage()
    expect(imports.current.message).toBeNull()
  })

  test('a newer request cancels the running import and starts only once it has let go', async () => {
    const { imports, callsTo } = setup()
    imports.importFrom({ kind: 'path', path: '/data/slow' })
    await settle()
    imports.importFrom({ kind: 'path', path: '/data/fast' })
    await settle()
    expect(callsTo('datasets:cancelImport').map((call) => call.params)).toEqual([{ importId: 'id1' }])
    expect(callsTo('datasets:import')).toHaveLength(1) // the host runs one import at a time
    callsTo('datasets:import')[0].resolve(summary('slow')) // finished before the cancel arrived: not shown
    await settle()
    expect(callsTo('datasets:import')).toHaveLength(2)
    expect(imports.current.busyWith).toBe('/data/fast')
    callsTo('datasets:import')[1].resolve(summary('fast'))
    await imports.settled()
    expect(imports.current.dataset?.name).toBe('fast')
    expect(imports.current.message).toBeNull()
  })

  test('a cancel before the request was sent means the host never hears of it', async () => {
    const { imports, callsTo } = setup()
    imports.importFrom({ kind: 'path', path: '/data/one' })
    await settle()
    imports.importFrom({ kind: 'path', path: '/data/two' })
    imports.cancelImport() // /data/two is still waiting for /data/one to let go
    callsTo('datasets:import')[0].reject(new Error('cancelled'))
    await imports.settled()
    expect(callsTo('datasets:import')).toHaveLength(1)
    expect(imports.current.message?.kind).toBe('notice')
  })

  test('reimport uses the source of the shown dataset with the new settings; the sample has none', async () => {
    const { imports, callsTo } = setup()
    imports.openSample()
    await settle()
    callsTo('datasets:sample')[0].resolve(summary('sample'))
    await imports.settled()
    imports.reimport({ preprocessing: { size: 16 } })
    expect(callsTo('datasets:import')).toHaveLength(0)
    imports.importFrom({ kind: 'path', path: '/data/a' })
    await settle()
    callsTo('datasets:import')[0].resolve(summary('a'))
    await imports.settled()
    imports.reimport({ preprocessing: { size: 16 } })
    await settle()
    expect(callsTo('datasets:import')[1].params).toEqual({
      importId: 'id2',
      source: { kind: 'path', path: '/data/a' },
      settings: { preprocessing: { size: 16 } },
    })
  })
})

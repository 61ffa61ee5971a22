import { EventEmitter } from 'node:events'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CliError } from '../../../main/cli/cliError'
import { existingSource, INTERRUPTED_EXIT_CODE, runImport } from '../../../main/cli/runImport'
import { ImportCancelledError } from '../../../main/services/import/importDataset'
import type { ImportEnvironment, ImportOutcome, ImportRequest } from '../../../main/services/import/importDataset'

let root: string
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'run-import-'))
  await writeFile(join(root, 'labels.csv'), 'path,label\n')
  await writeFile(join(root, 'notes.txt'), 'hello')
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

const request: ImportRequest = { source: '/data/x', settings: {}, datasetId: 'x-12345678' }
const environment = { projectDir: '/project', write: false }
const fakeOutcome = { kind: 'imageFolder' } as unknown as ImportOutcome

type Importer = (request: ImportRequest, env: ImportEnvironment) => Promise<ImportOutcome>

/** Runs with an importer of our own and a private SIGINT source (given to the importer to emit); returns the error. */
async function failureOf(makeImporter: (signals: EventEmitter) => Importer): Promise<CliError> {
  const signals = new EventEmitter()
  const importer = makeImporter(signals)
  const error = await runImport(request, environment, { label: '--data', cancelMessage: 'cancelled!', importer, signals })
    .then(() => null, (caught: unknown) => caught)
  expect(error).toBeInstanceOf(CliError)
  expect(signals.listenerCount('SIGINT')).toBe(0)
  return error as CliError
}

describe('runImport', () => {
  test('passes the request through with an abort signal, returns the outcome and removes its Ctrl+C handler', async () => {
    const signals = new EventEmitter()
    let seen: ImportEnvironment | undefined
    const outcome = await runImport(request, environment, {
      label: '--data',
      cancelMessage: 'cancelled',
      signals,
      importer: async (given, env) => {
        expect(given).toBe(request)
        seen = env
        expect(signals.listenerCount('SIGINT')).toBe(1)
        return fakeOutcome
      },
    })
    expect(outcome).toBe(fakeOutcome)
    expect(seen).toMatchObject(environment)
    expect(seen?.signal?.aborted).toBe(false)
    expect(signals.listenerCount('SIGINT')).toBe(0)
  })

  test('Ctrl+C aborts the import; the cancellation becomes exit 130 with the given line', async () => {
    const error = await failureOf((signals) => (_given, env) =>
      new Promise((_resolve, reject) => {
        env.signal?.addEventListener('abort', () => reject(new ImportCancelledError()))
        signals.emit('SIGINT')
      }))
    expect(error.exitCode).toBe(INTERRUPTED_EXIT_CODE)
    expect(error.message).toBe('cancelled!')
  })

  test('Ctrl+C that arrives as the import finishes still cancels: no report, exit 130', async () => {
    const error = await failureOf((signals) => async () => {
      signals.emit('SIGINT')
      return fakeOutcome
    })
    expect(error.exitCode).toBe(INTERRUPTED_EXIT_CODE)
    expect(error.message).toBe('cancelled!')
  })

  test('a refusal from the importer becomes one line prefixed with the label, exit 2', async () => {
    const error = await failureOf(() => async () => {
      throw new Error('only one class has images.\nAdd a second class folder.')
    })
    expect(error.message).toBe('--data: only one class has images. Add a second class folder.')
    expect(error.exitCode).toBe(2)
  })

  test('a bug (TypeError) is not disguised as a refusal', async () => {
    const signals = new EventEmitter()
    const bug = new TypeError('cannot read properties of undefined')
    await expect(runImport(request, environment, {
      label: '--data', cancelMessage: '', signals, importer: async () => Promise.reject(bug),
    })).rejects.toBe(bug)
  })
})

describe('existingSource', () => {
  test('accepts a folder or a .csv as an absolute path and refuses anything else naming the flag', async () => {
    expect(await existingSource(root, '--data')).toBe(root)
    expect(await existingSource(join(root, 'labels.csv'), '--data')).toBe(join(root, 'labels.csv'))
    await expect(existingSource(join(root, 'nothing'), '--data')).rejects.toThrow(
      new RegExp(`^--data: '${join(root, 'nothing')}' does not exist; expected a folder`),
    )
    await expect(existingSource(join(root, 'notes.txt'), 'cnn-studio doctor')).rejects.toThrow(
      /^cnn-studio doctor: '.*notes\.txt' is a file but not a \.csv/,
    )
  })
})

// Runs the Python reader printed in docs/checkpoint-format.md, verbatim, on a checkpoint this codec wrote, so
// the documentation cannot drift from the format. Skipped where python3 with numpy is not installed.

import { existsSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, test } from 'vitest'
import { encodeCheckpoint } from '../../../app/formats/checkpoint'
import { makeCheckpoint } from './checkpointFixture'

// Debian's python3 (where CI installs python3-numpy) when present, else whatever python3 is on PATH.
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'
const hasNumpy = spawnSync(python, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0

/** Prints what the reader found as JSON, every array as its raw 32-bit words (so NaN payloads compare too). */
const REPORT = `
import sys
header, params, sections = read_checkpoint(sys.argv[1])
words = lambda array: array.view('<u4').tolist()
print(json.dumps({'progress': header['progress'], 'runId': header['runId'],
                  'params': {name: words(values) for name, values in params.items()},
                  'sections': {name: words(values) for name, values in sections.items()}}))
`

describe('the Python reader in docs/checkpoint-format.md', () => {
  test.skipIf(!hasNumpy)('reads every section and parameter of a real checkpoint bit for bit', async () => {
    const doc = await readFile(resolve(__dirname, '../../../docs/checkpoint-format.md'), 'utf8')
    const reader = /## Reading it without CNN Studio \(Python\)\n\n```python\n([\s\S]*?)```/.exec(doc)?.[1]
    expect(reader).toBeDefined()
    const definitions = reader!.slice(0, reader!.indexOf('\nheader, params, sections = read_checkpoint('))
    const folder = await mkdtemp(join(tmpdir(), 'cnn-studio-python-'))
    try {
      const checkpoint = makeCheckpoint({ weightCount: 3001 })
      await writeFile(join(folder, 'last.ckpt'), encodeCheckpoint(checkpoint))
      await writeFile(join(folder, 'read.py'), definitions + REPORT)
      const run = spawnSync(python, [join(folder, 'read.py'), join(folder, 'last.ckpt')], { encoding: 'utf8' })
      expect(run.stderr).toBe('')
      const found = JSON.parse(run.stdout)
      const words = (array: Float32Array | Int32Array | Uint32Array) =>
        Array.from(new Uint32Array(array.buffer, array.byteOffset, array.length))
      expect(found.progress).toEqual(checkpoint.progress)
      expect(found.runId).toBe(checkpoint.runId)
      let offset = 0
      checkpoint.paramNames.forEach((name, i) => {
        const length = checkpoint.paramLengths[i]
        expect(found.params[name]).toEqual(words(checkpoint.weights.subarray(offset, offset + length)))
        offset += length
      })
      for (const name of ['weights', 'state', 'optimizerState', 'rngState', 'epochOrder'] as const) {
        expect(found.sections[name], name).toEqual(words(checkpoint[name]))
      }
    } finally {
      await rm(folder, { recursive: true, force: true })
    }
  })
})

// The `cnn-studio bench` launcher: it hands its arguments to the bench script, returns that script's exit code,
// explains a missing build; and its usage text states the bench process's own figures.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { BENCH_USAGE, benchCommand } from '../../../main/cli/benchCommand'
import { DEFAULT_SECONDS } from '../../../worker/bench/benchFlags'
import { BENCH_BATCH_SIZE } from '../../../worker/bench/measure'

let folder: string
let fakeScript: string

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'bench-launcher-'))
  fakeScript = join(folder, 'fakeBench.mjs')
  // Records its arguments next to itself and exits with the code the last argument names.
  await writeFile(
    fakeScript,
    [
      "import { writeFileSync } from 'node:fs'",
      'const args = process.argv.slice(2)',
      `writeFileSync(${JSON.stringify(join(folder, 'args.json'))}, JSON.stringify(args))`,
      'process.exitCode = Number(args.at(-1))',
    ].join('\n'),
  )
})

afterAll(async () => {
  await rm(folder, { recursive: true, force: true })
})

describe('benchCommand', () => {
  test.each([0, 3])('passes the arguments through and returns exit code %i', async (exitCode) => {
    const args = ['--json', '--nets', 'N1,N2', String(exitCode)]
    expect(await benchCommand(args, { benchScript: fakeScript })).toBe(exitCode)
    expect(JSON.parse(await readFile(join(folder, 'args.json'), 'utf8'))).toEqual(args)
  })

  test('a missing bench script says how to build it', async () => {
    await expect(benchCommand([], { benchScript: join(folder, 'none.js') })).rejects.toThrow(
      /none\.js is missing; run 'npm run build:node'/,
    )
  })

  test('the usage states the bench process figures', () => {
    expect(BENCH_USAGE).toContain(`at batch ${BENCH_BATCH_SIZE} `)
    expect(BENCH_USAGE).toContain(`(default ${DEFAULT_SECONDS};`)
  })
})

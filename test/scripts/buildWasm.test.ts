// The checked-in WebAssembly module (app/engine/kernels/wasm/simdKernelsWasm.ts) must be what `npm run build:wasm`
// makes from the C sources beside it. Needs the clang that built it; elsewhere (CI has no clang) it is skipped, saying why.

import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { expect, test } from 'vitest'

test('simdKernelsWasm.ts is up to date with the C sources', (context) => {
  const script = resolve(__dirname, '../../scripts/build-wasm.mjs')
  const result = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' })
  if (result.status === 3) {
    console.log(`buildWasm: skipped: ${result.stderr.trim()}`)
    context.skip()
  }
  expect(result.stderr).toBe('')
  expect(result.status).toBe(0)
})

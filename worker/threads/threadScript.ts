// Where a training thread's code comes from, and starting one. A built trainer (out/node, out/main) loads the
// trainingThread.js the bundler emitted as an input of its own next to trainerProcess.js. From the TypeScript
// sources (vitest transforms only the modules it imports itself, not a new thread's), the pool bundles
// trainingThread.ts in memory with rolldown, the bundler Vite 8 builds the real file with: a test thread runs
// the same kind of bundle as the app, with no loader hooks (experimental on Node 20) and no temp files.

import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'

/** A built file, or a CommonJS bundle to run with `eval` (sources only). */
export type ThreadScript = Readonly<{ kind: 'file'; url: URL } | { kind: 'code'; code: string }>

/**
 * Entry files sit at the root of the output folder and shared chunks in chunks/ (both Vite configs), so this
 * module, bundled into an entry or into a chunk, finds the thread script in its own folder or one up.
 */
const BUILT_CANDIDATES = ['./trainingThread.js', '../trainingThread.js']
const SOURCE_ENTRY = './trainingThread.ts'

let sourceBundle: Promise<ThreadScript> | null = null

/** The thread script for the way this module runs: built, or from sources. */
export function defaultThreadScript(): Promise<ThreadScript> {
  if (import.meta.url.endsWith('.ts')) {
    sourceBundle ??= bundleThreadSource(new URL(SOURCE_ENTRY, import.meta.url))
    return sourceBundle
  }
  for (const candidate of BUILT_CANDIDATES) {
    const url = new URL(candidate, import.meta.url)
    if (existsSync(fileURLToPath(url))) {
      return Promise.resolve({ kind: 'file', url })
    }
  }
  return Promise.reject(
    new Error(
      `TrainingPool: trainingThread.js is not next to ${fileURLToPath(import.meta.url)} or one folder up; ` +
        `the build must list worker/threads/trainingThread.ts as the input 'trainingThread'`,
    ),
  )
}

export function startThread(script: ThreadScript, workerData: unknown): Worker {
  return script.kind === 'file'
    ? new Worker(script.url, { workerData })
    : new Worker(script.code, { eval: true, workerData })
}

type Rolldown = {
  rolldown(options: { input: string; platform: 'node'; logLevel: 'silent' }): Promise<{
    generate(options: { format: 'cjs' }): Promise<{ output: readonly { code: string }[] }>
    close(): Promise<void>
  }>
}

/** Bundles a TypeScript thread entry and its imports into one CommonJS script (from sources: tests, dev). */
export async function bundleThreadSource(entry: URL): Promise<ThreadScript> {
  // A name in a variable, so building the trainer does not pull the bundler in: built code never gets here.
  const bundlerName = 'rolldown'
  const { rolldown } = (await import(/* @vite-ignore */ bundlerName)) as Rolldown
  const bundle = await rolldown({
    input: fileURLToPath(entry),
    platform: 'node',
    logLevel: 'silent',
  })
  try {
    const { output } = await bundle.generate({ format: 'cjs' })
    return { kind: 'code', code: output[0].code }
  } finally {
    await bundle.close()
  }
}

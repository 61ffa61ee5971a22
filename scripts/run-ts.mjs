#!/usr/bin/env node
// Runs a TypeScript script from this repository under plain Node 20 (which cannot run .ts itself): bundles the
// entry with vite (already a dev dependency) into a temporary .mjs file, then imports it with the remaining
// arguments. For development scripts (benchmarks, experiments), not for anything the app ships.
// Usage: node scripts/run-ts.mjs [--fast-kernels] scripts/benchConv.ts [args...]
// --fast-kernels: the engine's layers get the fast conv2d and dense kernels (scripts/fastKernels/) instead of the
// naive ones they import, so a script can measure them inside whole networks before the layers switch over.
import { builtinModules } from 'node:module'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'vite'

const options = process.argv.slice(2)
const useFastKernels = options[0] === '--fast-kernels'
const [entry, ...args] = useFastKernels ? options.slice(1) : options
if (!entry) {
  process.stderr.write('usage: node scripts/run-ts.mjs [--fast-kernels] <script.ts> [args...]\n')
  process.exit(2)
}
const here = dirname(fileURLToPath(import.meta.url))
const KERNEL_SWAPS = { '../kernels/conv2d': 'conv2d.ts', '../kernels/dense': 'dense.ts' }

/** Redirects the layers' (app/engine/layers/*) imports of the naive kernel modules to scripts/fastKernels/. */
const fastKernels = {
  name: 'cnn-studio-fast-kernels',
  enforce: 'pre',
  resolveId(source, importer) {
    const isLayer = importer !== undefined && /app[\\/]engine[\\/]layers[\\/]/.test(importer)
    return isLayer && source in KERNEL_SWAPS ? join(here, 'fastKernels', KERNEL_SWAPS[source]) : null
  },
}
const outDir = mkdtempSync(join(tmpdir(), 'cnn-studio-script-'))
const name = basename(entry).replace(/\.ts$/, '')
// Removed when the process exits, not when the import settles: the script may still be running then.
process.on('exit', () => rmSync(outDir, { recursive: true, force: true }))

await build({
  configFile: false,
  logLevel: 'warn',
  plugins: useFastKernels ? [fastKernels] : [],
  build: {
    ssr: resolve(entry),
    outDir,
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: {
      output: { format: 'es', entryFileNames: `${name}.mjs` },
      external: [...builtinModules, ...builtinModules.map((module) => `node:${module}`), 'sharp', 'ws'],
    },
  },
})
process.argv = [process.argv[0], resolve(entry), ...args]
await import(pathToFileURL(join(outDir, `${name}.mjs`)).href)

#!/usr/bin/env node
// Runs a TypeScript script from this repository under plain Node 20 (which cannot run .ts itself): bundles the
// entry with vite (already a dev dependency) into a temporary .mjs file, then imports it with the remaining
// arguments. For development scripts (benchmarks, experiments), not for anything the app ships.
// Usage: node scripts/run-ts.mjs scripts/benchConv.ts [args...]
import { builtinModules } from 'node:module'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'vite'

const [entry, ...args] = process.argv.slice(2)
if (!entry) {
  process.stderr.write('usage: node scripts/run-ts.mjs <script.ts> [args...]\n')
  process.exit(2)
}
// Inside the repository's node_modules, not the system temp folder: the bundle imports the packages left
// external (sharp, ws) by name, and Node resolves those from the importing file's folder upwards.
const cacheDir = fileURLToPath(new URL('../node_modules/.cache/run-ts', import.meta.url))
mkdirSync(cacheDir, { recursive: true })
const outDir = mkdtempSync(join(cacheDir, 'script-'))
const name = basename(entry).replace(/\.ts$/, '')
// Removed when the process exits, not when the import settles: the script may still be running then.
process.on('exit', () => rmSync(outDir, { recursive: true, force: true }))

await build({
  configFile: false,
  logLevel: 'warn',
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

// electron-vite build of the desktop app into out/: main/ (the shell + the trainer process script side by side,
// ES modules, dependencies external so sharp's native parts load from node_modules), preload/ (one CommonJS
// file: a sandboxed preload can require only 'electron'), renderer/ (the React app, built with the plugins of
// vite.renderer.config.ts). The Node hosts (CLI, serve mode) are built by vite.node.config.ts into out/node.

import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'electron-vite'
import rendererConfig from './vite.renderer.config'

const projectRoot = fileURLToPath(new URL('.', import.meta.url))

function fromRoot(relativePath: string): string {
  return resolve(projectRoot, relativePath)
}

export default defineConfig({
  main: {
    build: {
      outDir: fromRoot('out/main'),
      sourcemap: true,
      // Every package.json dependency stays a require/import at run time; naming sharp keeps it external even
      // if it ever moves out of "dependencies" (bundling it would lose its native binding).
      externalizeDeps: { include: ['sharp'] },
      rolldownOptions: {
        // main.ts forks trainerProcess.js from its own folder (utilityProcess.fork needs a file on disk), and the
        // trainer's pool starts trainingThread.js (node:worker_threads) from the same folder (threadScript.ts).
        input: {
          main: fromRoot('main/electron/main.ts'),
          trainerProcess: fromRoot('worker/trainerProcess.ts'),
          trainingThread: fromRoot('worker/threads/trainingThread.ts'),
        },
        output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: fromRoot('out/preload'),
      sourcemap: true,
      // Bundle everything the preload imports: under the sandbox only 'electron' can be required.
      externalizeDeps: false,
      rolldownOptions: {
        input: { preload: fromRoot('main/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: fromRoot('renderer'),
    // Serve mode's renderer plugins (React, and the CSP meta tag of the built page): both hosts load one page.
    plugins: rendererConfig.plugins,
    build: {
      outDir: fromRoot('out/renderer'),
      rolldownOptions: { input: fromRoot('renderer/index.html') },
    },
  },
})

import { builtinModules } from 'node:module'
import { defineConfig } from 'vite'

// Builds the Node hosts (CLI + serve mode) and the trainer process script into out/node/.
// Dependencies stay external (sharp has native parts; ws is plain Node), app code is bundled.
export default defineConfig({
  build: {
    ssr: true,
    outDir: 'out/node',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rollupOptions: {
      // trainingThread: the worker_threads script of the trainer's pool; worker/threads/threadScript.ts finds it
      // beside the entries at run time.
      input: {
        cli: 'main/cli/index.ts',
        trainerProcess: 'worker/trainerProcess.ts',
        benchProcess: 'worker/benchProcess.ts',
        trainingThread: 'worker/threads/trainingThread.ts',
      },
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      external: [...builtinModules, ...builtinModules.map((name) => `node:${name}`), 'sharp', 'ws'],
    },
  },
})

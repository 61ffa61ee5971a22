// Builds the React renderer (renderer/ -> out/renderer/) with relative asset paths, so the same files load
// from the Electron window's own scheme and over HTTP in serve mode. No CSP meta tag here: both hosts send
// the policy as a header (main/electron/contentSecurityPolicy.ts, main/serve/serveServer.ts), one place each.

import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    // Relative to the repository, not to `root`.
    outDir: fileURLToPath(new URL('./out/renderer', import.meta.url)),
    emptyOutDir: true,
  },
})

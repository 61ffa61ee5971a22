#!/usr/bin/env node
// The `cnn-studio` bin: runs the built CLI (out/node/cli.js, made by `npm run build:node`, which
// `npm install` runs through the prepare script).
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const cli = fileURLToPath(new URL('../out/node/cli.js', import.meta.url))
if (!existsSync(cli)) {
  process.stderr.write("cnn-studio: the CLI is not built yet; run 'npm run build:node' in the checkout\n")
  process.exit(1)
}
await import(cli)

// `cnn-studio bench` without the built CLI: node scripts/run-ts.mjs [--fast-kernels] scripts/bench.ts [flags]
// (flags as in main/cli/benchCommand.ts). Handy to compare kernels before the CLI wires the bench in.

import { benchCommand } from '../main/cli/benchCommand'

process.exitCode = await benchCommand(process.argv.slice(2))

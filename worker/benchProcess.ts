// Entry of the bench process (`cnn-studio bench` forks it, stdio inherited): the benchmark runs here, beside
// the trainer's thread pool, because the CLI process may not import worker/. A bad flag is one line on stderr
// and exit code 2; anything else is a bug, printed with its stack, exit code 1.
// Usage: benchProcess.js [--json] [--threads N] [--seconds S] [--nets N1,N2,N3]

import { BenchUsageError } from './bench/benchFlags'
import { runBench } from './bench/runBench'

runBench(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    if (error instanceof BenchUsageError) {
      process.stderr.write(`${error.message}\n`)
      process.exitCode = error.exitCode
    } else {
      const detail = error instanceof Error ? error.stack : String(error)
      process.stderr.write(`cnn-studio bench: unexpected error: ${detail}\n`)
      process.exitCode = 1
    }
  },
)

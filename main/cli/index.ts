// The `cnn-studio` command: dispatches to a subcommand and turns CliErrors into one line and an exit code.
// Built to out/node/cli.js; the trainer script and the renderer are found next to it.

import '../threadPool'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { CliError } from './cliError'
import { BENCH_USAGE, benchCommand } from './benchCommand'
import { DOCTOR_USAGE, doctorCommand } from './doctorCommand'
import { EVAL_USAGE, evalCommand } from './evalCommand'
import { MODEL_USAGE, modelCommand } from './modelCommand'
import { SERVE_USAGE, serveCommand } from './serveCommand'
import { TRAIN_USAGE, trainCommand } from './trainCommand'

const here = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url))

function appVersion(): string {
  try {
    return (JSON.parse(readFileSync(here('../../package.json'), 'utf8')) as { version: string }).version
  } catch {
    return 'unknown' // a relocated build without package.json still runs
  }
}

const USAGE = `CNN Studio ${appVersion()} — train convolutional networks on your own images.

Commands:
${TRAIN_USAGE}

${DOCTOR_USAGE}

${EVAL_USAGE}

${MODEL_USAGE}

${BENCH_USAGE}

${SERVE_USAGE}

cnn-studio help | --help      this text
cnn-studio --version          the version`

export async function runCli(args: readonly string[]): Promise<number> {
  const [command, ...rest] = args
  const paths = {
    trainerScript: here('./trainerProcess.js'),
    benchScript: here('./benchProcess.js'),
    rendererDir: here('../renderer'),
    appVersion: appVersion(),
  }
  switch (command) {
    case 'train':
      return trainCommand(rest, paths)
    case 'doctor':
      return doctorCommand(rest)
    case 'serve':
      return serveCommand(rest, paths)
    case 'eval':
      return evalCommand(rest, paths)
    case 'model':
      return modelCommand(rest)
    case 'bench':
      return benchCommand(rest, paths)
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`)
      return command === undefined ? 2 : 0
    case '--version':
      process.stdout.write(`${appVersion()}\n`)
      return 0
    default:
      throw new CliError(`cnn-studio: unknown command '${command}', expected train, doctor, eval, model, bench, serve or help`)
  }
}

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    if (error instanceof CliError) {
      process.stderr.write(`${error.message}\n`)
      process.exitCode = error.exitCode
    } else {
      process.stderr.write(`cnn-studio: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`)
      process.exitCode = 1
    }
  },
)

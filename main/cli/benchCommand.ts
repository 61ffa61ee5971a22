// `cnn-studio bench`: forks the bench process (out/node/benchProcess.js, built from worker/benchProcess.ts) with
// the arguments and the terminal, and returns its exit code. The benchmark runs there because it times the
// trainer's own thread pool, which lives in worker/ (main/ never imports worker/); it also checks the flags.
// Here: only the usage text for `cnn-studio help` and the launch.

import { fork } from 'node:child_process'
import { existsSync } from 'node:fs'
import { CliError } from './cliError'

// The figures (batch 64, 10 s) are the bench process's; test/main/cli/benchCommand.test.ts keeps them in step.
export const BENCH_USAGE = `cnn-studio bench [--json] [--threads N] [--seconds S] [--nets N1,N2,N3]
  Trains three fixed nets on synthetic data at batch 64 with the trainer's thread pool; prints images/second on
  1 and N threads and the peak memory. N1: LeNet-style on 28×28×1; N2: the classic CIFAR net; N3: VGG-style;
  both on 32×32×3.
  --threads N      the second measurement's thread count     (default: the machine's cores; 1: one row only)
  --seconds S      timed seconds per net and thread count     (default 10; at least 5 steps)
  --nets LIST      which nets, comma-separated                (default N1,N2,N3)
  --json           one JSON object instead of a table`

export type BenchPaths = Readonly<{ benchScript: string }>

/** Runs the bench process to its end; resolves with its exit code (1 if a signal ended it). */
export async function benchCommand(args: readonly string[], paths: BenchPaths): Promise<number> {
  if (!existsSync(paths.benchScript)) {
    throw new CliError(
      `cnn-studio bench: ${paths.benchScript} is missing; run 'npm run build:node' in the checkout`,
      1,
    )
  }
  return new Promise((resolve, reject) => {
    const child = fork(paths.benchScript, [...args], { stdio: 'inherit' })
    child.once('error', reject)
    child.once('exit', (code) => resolve(code ?? 1))
  })
}

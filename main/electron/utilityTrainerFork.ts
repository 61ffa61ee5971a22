// The ForkTrainer for the Electron app: Electron's utilityProcess.fork wrapped into TrainerHost's TrainerChild
// shape. The Node hosts have their own (main/nodeTrainerFork.ts, child_process). The fork function is
// injected so this adapter is tested without Electron.

import type { ForkOptions, MessagePortMain } from 'electron'
import type { ForkTrainer, TrainerChild } from '../trainerHost'

/** The parts of Electron's UtilityProcess the adapter uses. */
export type UtilityProcessLike = {
  postMessage(message: unknown, transfer?: MessagePortMain[]): void
  on(event: 'message', listener: (message: unknown) => void): unknown
  on(event: 'exit', listener: (code: number) => void): unknown
  kill(): boolean
}

export type ForkUtilityProcess = (modulePath: string, args: string[], options: ForkOptions) => UtilityProcessLike

export const TRAINER_SERVICE_NAME = 'CNN Studio trainer'

/** Same arguments as the Node hosts pass: the project folder holds the dataset caches the trainer reads. */
export function utilityTrainerFork(
  forkUtility: ForkUtilityProcess,
  scriptPath: string,
  projectDir: string,
): ForkTrainer {
  return (): TrainerChild => {
    const child = forkUtility(scriptPath, ['--project', projectDir], { serviceName: TRAINER_SERVICE_NAME })
    let hasExited = false
    child.on('exit', () => {
      hasExited = true
    })
    return {
      postMessage(message, transfer) {
        if (!hasExited) {
          // TrainerHost passes only the MessagePortMain objects it got from MessageChannelMain.
          child.postMessage(message, transfer as MessagePortMain[] | undefined)
        }
      },
      onMessage: (listener) => {
        child.on('message', listener)
      },
      // A utility process reports only an exit code; a signal death shows up as a non-zero code.
      onExit: (listener) => {
        child.on('exit', (code) => listener(code, null))
      },
      kill: () => {
        child.kill()
      },
    }
  }
}

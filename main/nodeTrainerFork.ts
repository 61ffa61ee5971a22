// The ForkTrainer for plain Node hosts (CLI, serve mode): child_process.fork with 'advanced' serialization so
// typed arrays cross as structured clones. The Electron shell has its own, on utilityProcess.

import { fork } from 'node:child_process'
import type { ForkTrainer, TrainerChild } from './trainerHost'

export function nodeTrainerFork(scriptPath: string, projectDir: string | null): ForkTrainer {
  return (): TrainerChild => {
    const args = projectDir ? ['--project', projectDir] : []
    const child = fork(scriptPath, args, { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    return {
      postMessage: (message) => {
        if (child.connected) {
          child.send(message as object)
        }
      },
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.on('exit', (code, signal) => listener(code, signal)),
      kill: () => child.kill(),
    }
  }
}

// Keeps every run on disk from the trainer's events alone (so it works whoever started the run: a window over
// its own port, serve mode or the CLI): config.json at the start, one metrics.jsonl line per epoch, checkpoints
// (atomic, see checkpointStore.ts) and summary.json at the end. Writes for a run happen in order, one at a time.

import { decodeCheckpoint } from '../../app/formats/checkpoint'
import type { TrainerEvent } from '../../app/protocol/trainerProtocol'
import { CheckpointStore } from './checkpointStore'
import { RunRecorder } from './runRecorder'

export type RunWriterOptions = Readonly<{
  runDirFor: (runId: string) => string
  /** Told about a write that failed (disk full, permissions); training goes on. */
  onError: (message: string) => void
}>

export class RunWriter {
  private queue: Promise<void> = Promise.resolve()

  constructor(private readonly options: RunWriterOptions) {}

  /** Takes one trainer event; events that change nothing on disk are ignored. */
  record(event: TrainerEvent): void {
    const write = this.writerFor(event)
    if (write) {
      this.queue = this.queue.then(async () => {
        await write()
      }).catch((error: unknown) => {
        this.options.onError(`could not save run data: ${(error as Error).message}`)
      })
    }
  }

  /** Resolves when everything recorded so far is on disk. */
  flush(): Promise<void> {
    return this.queue
  }

  private writerFor(event: TrainerEvent): (() => Promise<unknown>) | null {
    switch (event.type) {
      case 'runStarted': {
        const { runId, spec, data, hyperparameters, threads, resumedFrom, classNames } = event
        const config = { runId, spec, data, hyperparameters, threads, classNames, resumedFrom }
        const recorder = new RunRecorder(this.options.runDirFor(runId))
        return () => (resumedFrom ? Promise.resolve() : recorder.writeConfig(config))
      }
      case 'epoch':
        return () => new RunRecorder(this.options.runDirFor(event.runId)).appendMetrics(event)
      case 'checkpoint': {
        const store = new CheckpointStore(this.options.runDirFor(event.runId))
        // Decoded once to check what the trainer sent, then written as it came.
        const { bytes, isEpochEnd } = event
        return () => store.saveEncoded(bytes, decodeCheckpoint(bytes).progress, { isEpochEnd })
      }
      case 'summary':
        return () => new RunRecorder(this.options.runDirFor(event.summary.runId)).writeSummary(event.summary)
      default:
        return null
    }
  }
}

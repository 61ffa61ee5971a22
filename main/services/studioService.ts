// The host's services behind the renderer API, shared by the Electron shell and serve mode: each request is
// validated here (the edge), then answered; trainer events and crashes are re-published as StudioEvents.
// Transport-free: the Electron IPC router and the WebSocket server both call handle() and subscribe().

import { join } from 'node:path'
import type { AppInfo, HostKind, StudioEvent, StudioMethod } from '../../app/protocol/studioApi'
import { STUDIO_API_VERSION, STUDIO_METHODS } from '../../app/protocol/studioApi'
import { TRAINER_PROTOCOL_VERSION } from '../../app/protocol/trainerProtocol'
import { expectOneOf, expectRecord } from '../../app/protocol/validate'
import { RunWriter } from '../runs/runWriter'
import type { TrainerHost } from '../trainerHost'
import { DatasetRequests } from './datasetRequests'

export type StudioServiceOptions = Readonly<{
  projectDir: string
  host: HostKind
  trainerHost: TrainerHost
  appVersion: string
  /** Serve mode: where a finished browser upload lives; absent where folders are opened by path only. */
  resolveUpload?: (uploadId: string) => string
}>


type Listener = (event: StudioEvent) => void

export class StudioService {
  private readonly listeners = new Set<Listener>()
  private readonly datasets: DatasetRequests
  private readonly runWriter: RunWriter
  private readonly unsubscribers: (() => void)[] = []

  constructor(private readonly options: StudioServiceOptions) {
    this.datasets = new DatasetRequests({
      projectDir: options.projectDir,
      resolveUpload: options.resolveUpload,
      publishProgress: (progress) => this.publish({ type: 'importProgress', progress }),
    })
    // Every run is kept in <project>/runs/<run id>, whoever started it (a window over its own port, or serve mode).
    this.runWriter = new RunWriter({
      runDirFor: (runId) => join(options.projectDir, 'runs', runId),
      onError: (message) =>
        this.publish({ type: 'trainer', event: { type: 'error', error: { name: 'RunWriteError', message }, command: null } }),
    })
    this.unsubscribers.push(
      options.trainerHost.onEvent((event) => {
        this.runWriter.record(event)
        if (event.type !== 'checkpoint') {
          this.publish({ type: 'trainer', event })
        }
      }),
      options.trainerHost.onExit((code, signal) =>
        this.publish({
          type: 'trainerExited',
          code,
          signal,
          message:
            `the trainer process ended unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`}); ` +
            'the current run was lost; start it again to continue',
        }),
      ),
    )
  }

  /** Answers one request; `method` and `params` come from outside and are validated here. */
  async handle(method: unknown, params: unknown): Promise<unknown> {
    const checkedMethod: StudioMethod = expectOneOf(method, 'method', STUDIO_METHODS)
    switch (checkedMethod) {
      case 'app:info':
        return this.appInfo()
      case 'datasets:sample':
        expectOneOf(expectRecord(params, 'datasets:sample params').name, 'datasets:sample params.name', ['shapes'])
        return this.datasets.sample()
      case 'datasets:import':
        return this.datasets.import(params)
      case 'datasets:cancelImport':
        return this.datasets.cancel(params)
      case 'datasets:images':
        return this.datasets.images(params)
      case 'datasets:sourceFile':
        return this.datasets.sourceFile(params)
    }
  }

  /** Subscribes to host events; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  async dispose(): Promise<void> {
    await this.runWriter.flush()
    for (const unsubscribe of this.unsubscribers) {
      unsubscribe()
    }
    this.listeners.clear()
  }

  private appInfo(): AppInfo {
    return {
      name: 'CNN Studio',
      version: this.options.appVersion,
      host: this.options.host,
      apiVersion: STUDIO_API_VERSION,
      trainerProtocolVersion: TRAINER_PROTOCOL_VERSION,
      canOpenFolderPaths: true,
      canUploadFolders: this.options.resolveUpload !== undefined,
    }
  }

  private publish(event: StudioEvent): void {
    for (const listener of this.listeners) {
      listener(event)
    }
  }
}

// The chosen dataset and the request that is choosing one, as a small state machine without React, so its rules
// are unit-tested with a fake client: each import gets its own id (progress events are matched by it, cancel names
// it); a newer request wins over an older one still in flight, whose import is cancelled on the host first, since
// the host runs one import at a time; a cancelled import ends with a calm notice and leaves the dataset shown.

import type { ImportSettingsInput } from '../../../app/data/importSettings'
import type {
  DatasetSourceInput,
  DatasetSummary,
  ImportProgress,
  StudioEvent,
} from '../../../app/protocol/studioApi'
import type { StudioClient } from '../../api/studioClient'
import { errorMessage } from '../../shared/errorText'
import { importErrorText, newImportId } from './importProgress'

export type LoaderMessage = Readonly<{ kind: 'error' | 'notice'; title: string; text: string }>

/** Whether the running request can be cancelled: imports can (until asked once), the sample cannot. */
export type CancelState = 'unavailable' | 'available' | 'requested'

export type LoaderState = Readonly<{
  dataset: DatasetSummary | null
  /** What is being opened right now ("the sample dataset", a folder path), or null. */
  busyWith: string | null
  /** The running import's latest progress; null before its first event and for the sample. */
  progress: ImportProgress | null
  cancel: CancelState
  /** The last failure, or a calm notice such as a cancelled import; cleared by the next request. */
  message: LoaderMessage | null
}>

export const INITIAL_LOADER_STATE: LoaderState = {
  dataset: null,
  busyWith: null,
  progress: null,
  cancel: 'unavailable',
  message: null,
}

type Running = { importId: string | null; isCancelling: boolean; settled: Promise<void> }

function sourceLabel(source: DatasetSourceInput): string {
  return source.kind === 'path' ? source.path : 'the uploaded folder'
}

export class DatasetImports {
  private state: LoaderState = INITIAL_LOADER_STATE
  private running: Running | null = null
  /** The source that produced the shown dataset: what "Apply" imports again. */
  private shownSource: DatasetSourceInput | null = null

  constructor(
    private readonly client: Pick<StudioClient, 'invoke'>,
    private readonly onChange: (state: LoaderState) => void,
    private readonly makeImportId: () => string = newImportId,
  ) {}

  get current(): LoaderState {
    return this.state
  }

  openSample(): void {
    this.run('the sample dataset', null, null, () => this.client.invoke('datasets:sample', { name: 'shapes' }))
  }

  importFrom(source: DatasetSourceInput, settings?: ImportSettingsInput): void {
    const importId = this.makeImportId()
    const params = settings === undefined ? { importId, source } : { importId, source, settings }
    this.run(sourceLabel(source), importId, source, () => this.client.invoke('datasets:import', params))
  }

  /** Imports the shown dataset's source again with other settings; does nothing for the sample. */
  reimport(settings: ImportSettingsInput): void {
    if (this.shownSource !== null) {
      this.importFrom(this.shownSource, settings)
    }
  }

  cancelImport(): void {
    const running = this.running
    if (running?.importId != null && !running.isCancelling) {
      running.isCancelling = true
      this.update({ cancel: 'requested' })
      this.cancelOnHost(running.importId)
    }
  }

  dismissMessage(): void {
    this.update({ message: null })
  }

  /** Host events: only the running import's progress is taken. */
  accept(event: StudioEvent): void {
    if (event.type === 'importProgress' && event.progress.importId === this.running?.importId) {
      this.update({ progress: event.progress })
    }
  }

  /** Resolves once the latest request has settled (for tests and shutdown). */
  settled(): Promise<void> {
    return this.running?.settled ?? Promise.resolve()
  }

  private run(
    label: string,
    importId: string | null,
    source: DatasetSourceInput | null,
    request: () => Promise<DatasetSummary>,
  ): void {
    const previous = this.running
    if (previous?.importId != null && !previous.isCancelling) {
      previous.isCancelling = true
      this.cancelOnHost(previous.importId)
    }
    const running: Running = { importId, isCancelling: false, settled: Promise.resolve() }
    this.running = running
    this.update({
      busyWith: label,
      progress: null,
      message: null,
      cancel: importId === null ? 'unavailable' : 'available',
    })
    const isCurrent = () => this.running === running
    running.settled = (previous?.settled ?? Promise.resolve())
      // A cancel that came before the request started: the host never hears of this import.
      .then(() => (running.isCancelling ? Promise.reject(new Error('cancelled')) : request()))
      .then(
        (dataset) => {
          if (isCurrent()) {
            this.shownSource = source
            this.update({ dataset })
          }
        },
        (error: unknown) => {
          if (isCurrent()) {
            this.update({
              message: running.isCancelling
                ? { kind: 'notice', title: 'Import cancelled', text: 'nothing was changed.' }
                : { kind: 'error', title: `Could not open ${label}`, text: importErrorText(errorMessage(error)) },
            })
          }
        },
      )
      .finally(() => {
        if (isCurrent()) {
          this.running = null
          this.update({ busyWith: null, progress: null, cancel: 'unavailable' })
        }
      })
  }

  private cancelOnHost(importId: string): void {
    this.client.invoke('datasets:cancelImport', { importId }).catch(() => {
      // The import's own request reports what happened; a cancel that could not be delivered changes nothing.
    })
  }

  private update(change: Partial<LoaderState>): void {
    this.state = { ...this.state, ...change }
    this.onChange(this.state)
  }
}

// The renderer's request/response API to the host (Electron main, or serve mode over a WebSocket),
// and the host's event stream. Channel names are `domain:verb`. Training control does not go
// through here: it is the trainer protocol (trainerProtocol.ts) on its own channel.
//
// Implemented now: app:info, datasets:sample, datasets:openFolder.
// Declared for later issues as they need them: runs, inspection and export.

import type { SerializedError } from './errors'
import type { DataSourceRef, TrainerCommand, TrainerEvent } from './trainerProtocol'
import type { TensorShape } from '../model/networkSpec'

export const STUDIO_API_VERSION = 1

export type HostKind = 'electron' | 'serve'

export type AppInfo = Readonly<{
  name: string
  version: string
  host: HostKind
  apiVersion: number
  trainerProtocolVersion: number
  /** Whether the host can read a folder path typed or dropped by the user. */
  canOpenFolderPaths: boolean
}>

/** A few decoded images of one class, for thumbnails: (H, W, C) uint8, row-major. */
export type ClassExamples = Readonly<{ className: string; count: number; images: readonly Uint8Array[] }>

export type DatasetSummary = Readonly<{
  /** Stable id, e.g. "sample-shapes" or a folder's cache id. */
  id: string
  /** What a 'start' command passes to the trainer to find this data again. */
  dataRef: DataSourceRef
  name: string
  source: string
  classNames: readonly string[]
  imageShape: TensorShape
  splits: Readonly<{ train: number; validation: number; test: number }>
  examples: readonly ClassExamples[]
  /** Files that were skipped, and why (unreadable, unsupported, too large...). */
  problems: readonly Readonly<{ path: string; reason: string }>[]
}>

/** Every request: its parameters and its result. */
export type StudioRequests = {
  'app:info': { params: Record<string, never>; result: AppInfo }
  'datasets:sample': { params: { name: 'shapes' }; result: DatasetSummary }
  'datasets:openFolder': { params: { path: string }; result: DatasetSummary }
}

export type StudioMethod = keyof StudioRequests
export type StudioParams<M extends StudioMethod> = StudioRequests[M]['params']
export type StudioResult<M extends StudioMethod> = StudioRequests[M]['result']

export const STUDIO_METHODS: readonly StudioMethod[] = ['app:info', 'datasets:sample', 'datasets:openFolder']

/** Pushed by the host; reports state, never answers a request. */
export type StudioEvent = Readonly<
  | { type: 'trainer'; event: TrainerEvent }
  /** The trainer process ended without being asked to (crash, killed); a new one is started on demand. */
  | { type: 'trainerExited'; code: number | null; signal: string | null; message: string }
>

/** Frames on the serve-mode WebSocket (encoded with wireCodec so typed arrays survive). */
export type ClientFrame = Readonly<
  | { kind: 'request'; id: number; method: StudioMethod; params: unknown }
  | { kind: 'trainer'; command: TrainerCommand }
>
export type ServerFrame = Readonly<
  | { kind: 'response'; id: number; ok: true; result: unknown }
  | { kind: 'response'; id: number; ok: false; error: SerializedError }
  | { kind: 'event'; event: StudioEvent }
>

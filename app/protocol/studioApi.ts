// The renderer's request/response API to the host (Electron main, or serve mode over a WebSocket),
// and the host's event stream. Channel names are `domain:verb`. Training control does not go
// through here: it is the trainer protocol (trainerProtocol.ts) on its own channel.
//
// Datasets: the sample, an import from a path (or a serve-mode upload) with progress events and cancel, pages of
// cached images for the grid, and one source file for the doctor's clickable problems.

import type { SerializedError } from './errors'
import type { DataSourceRef, TrainerCommand, TrainerEvent } from './trainerProtocol'
import type { TensorShape } from '../model/networkSpec'
import type { DoctorFinding } from '../data/doctor'
import type { Normalization } from '../data/imageDataset'
import type { ImportSettingsInput, Preprocessing, SplitSettings } from '../data/importSettings'

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
  /** Whether a folder dropped in the browser can be uploaded (serve mode: POST /upload, see docs/protocol.md). */
  canUploadFolders: boolean
}>

/** A few decoded images of one class, for thumbnails: (H, W, C) uint8, row-major. */
export type ClassExamples = Readonly<{ className: string; count: number; images: readonly Uint8Array[] }>

export type DatasetKind = 'sample' | 'idx' | 'cifar' | 'csv' | 'imageFolder'
export const DATASET_KINDS: readonly DatasetKind[] = ['sample', 'idx', 'cifar', 'csv', 'imageFolder']

/** Where the split came from: seeded (carved by the settings), folders (train/ val/ test/), source files (IDX, CIFAR). */
export type SplitOrigin = 'seeded' | 'folders' | 'sourceFiles'
export const SPLIT_ORIGINS: readonly SplitOrigin[] = ['seeded', 'folders', 'sourceFiles']

/** Sizes of the source images before resizing (pixels). */
export type SourceSizeStatistics = Readonly<{
  count: number
  width: Readonly<{ min: number; median: number; max: number }>
  height: Readonly<{ min: number; median: number; max: number }>
  /** The most frequent width × height, most frequent first (at most 5). */
  common: readonly Readonly<{ width: number; height: number; count: number }>[]
}>

/** A doctor finding as sent to the renderer: at most MAX_FINDING_PATHS paths, pathCount says how many there were. */
export type DoctorFindingView = DoctorFinding & Readonly<{ pathCount: number }>

export const MAX_FINDING_PATHS = 200
export const MAX_SUMMARY_PROBLEMS = 500

export type ImportStatistics = Readonly<{
  /** Files decoded in this import. */
  decoded: number
  /** Images taken from the previous cache because the file had not changed (incremental re-import). */
  reused: number
  /** Files that could not be used (see problems). */
  skipped: number
  seconds: number
}>

export type DatasetSummary = Readonly<{
  /** Stable id, e.g. "sample-shapes" or a folder's cache id. */
  id: string
  /** What a 'start' command passes to the trainer to find this data again. */
  dataRef: DataSourceRef
  kind: DatasetKind
  name: string
  source: string
  classNames: readonly string[]
  imageShape: TensorShape
  splits: Readonly<{ train: number; validation: number; test: number }>
  /** Images per class in each split, indexed like classNames. */
  classCounts: Readonly<{ train: readonly number[]; validation: readonly number[]; test: readonly number[] }>
  preprocessing: Preprocessing
  split: SplitSettings
  splitOrigin: SplitOrigin
  /** Per-channel mean and std of the training split in 0..1 units: the network sees (pixel / 255 - mean) / std. */
  normalization: Normalization
  sourceSizes: SourceSizeStatistics | null
  examples: readonly ClassExamples[]
  /** Files that were skipped, and why (unreadable, unsupported, too large...): the first MAX_SUMMARY_PROBLEMS. */
  problems: readonly Readonly<{ path: string; reason: string }>[]
  problemCount: number
  /** The dataset doctor's findings (duplicates, leakage, imbalance, small images, aspect ratios). */
  findings: readonly DoctorFindingView[]
  /** null for the built-in sample. */
  importStats: ImportStatistics | null
}>

export type ImportPhase = 'scanning' | 'decoding' | 'writing'

/** Pushed while an import runs (at most ~10 per second). */
export type ImportProgress = Readonly<{
  importId: string
  phase: ImportPhase
  done: number
  total: number
  imagesPerSecond: number
  /** null until there is a rate to extrapolate from. */
  etaSeconds: number | null
}>

/** A folder or file on the host's disk, or a folder the browser uploaded (serve mode). */
export type DatasetSourceInput = Readonly<{ kind: 'path'; path: string } | { kind: 'upload'; uploadId: string }>

/** Cached images (as the network gets them before normalising): count × H × W × C uint8. */
export type DatasetImagePage = Readonly<{
  datasetId: string
  /** Images matching the filter (class or all). */
  total: number
  offset: number
  /** Position of each returned image in the dataset. */
  indices: Int32Array
  labels: Uint8Array
  /** 0 train, 1 validation, 2 test. */
  splits: Uint8Array
  imageShape: TensorShape
  pixels: Uint8Array
}>

export const MAX_IMAGE_PAGE = 512

/** One source file named by a dataset's manifest or problems, for the doctor's clickable paths. */
export type SourceFileView = Readonly<{
  /** As given: relative to the source, '/'-separated. */
  path: string
  absolutePath: string
  byteLength: number
  /** Set when a browser can show bytes directly (PNG, JPEG, WebP, GIF, AVIF, BMP); null otherwise. */
  mimeType: string | null
  /** The file's bytes when mimeType is set and it is at most 16 MB; null otherwise. */
  bytes: Uint8Array | null
  /** Why the file was skipped, if it was. */
  problem: string | null
  /** Where the image is in the cache (-1 when it was skipped), its class and split. */
  index: number
}>

/** Every request: its parameters and its result. */
export type StudioRequests = {
  'app:info': { params: Record<string, never>; result: AppInfo }
  'datasets:sample': { params: { name: 'shapes' }; result: DatasetSummary }
  'datasets:import': {
    params: { importId: string; source: DatasetSourceInput; settings?: ImportSettingsInput }
    result: DatasetSummary
  }
  'datasets:cancelImport': { params: { importId: string }; result: { cancelled: boolean } }
  'datasets:images': {
    params: { datasetId: string; label: number | null; offset: number; limit: number }
    result: DatasetImagePage
  }
  'datasets:sourceFile': { params: { datasetId: string; path: string }; result: SourceFileView }
}

export type StudioMethod = keyof StudioRequests
export type StudioParams<M extends StudioMethod> = StudioRequests[M]['params']
export type StudioResult<M extends StudioMethod> = StudioRequests[M]['result']

export const STUDIO_METHODS: readonly StudioMethod[] = [
  'app:info',
  'datasets:sample',
  'datasets:import',
  'datasets:cancelImport',
  'datasets:images',
  'datasets:sourceFile',
]

/** Pushed by the host; reports state, never answers a request. */
export type StudioEvent = Readonly<
  | { type: 'trainer'; event: TrainerEvent }
  /** The trainer process ended without being asked to (crash, killed); a new one is started on demand. */
  | { type: 'trainerExited'; code: number | null; signal: string | null; message: string }
  | { type: 'importProgress'; progress: ImportProgress }
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

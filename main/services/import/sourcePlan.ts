// What an import works through once the source has been looked at: the classes, and one item per image to
// decode, each a file on disk or pixels already in memory (IDX and CIFAR records), with the split its folder or
// source file fixes. Types only; main/services/import/planSource.ts and the per-source scanners build plans,
// holding the items in the columns of planItems.ts.

import type { ColorMode } from '../../../app/data/importSettings'
import type { DatasetKind, SplitOrigin } from '../../../app/protocol/studioApi'
import type { PlanItems } from './planItems'

/** A file or line that could not be used, and why, worded for the person who owns the files. */
export type ImportProblem = Readonly<{ path: string; reason: string }>

/** -1: the split chooses; 0, 1, 2: fixed to train, validation or test by a folder or a source's test file. */
export type FixedSplit = -1 | 0 | 1 | 2

export type FileItem = Readonly<{
  source: 'file'
  /** '/'-separated, relative to the source folder (CSV: to the CSV's folder): the manifest's path. */
  path: string
  absolutePath: string
  label: number
  fixedSplit: FixedSplit
  /** Where the item was named, put before its problem reasons (e.g. 'line 4 of labels.csv'). */
  origin?: string
}>

/** One record of an IDX or CIFAR file: its pixels are already decoded, (height, width, channels) uint8 HWC. */
export type PixelItem = Readonly<{
  source: 'pixels'
  /** '<file name>#<index in that file>'. */
  path: string
  pixels: Uint8Array
  width: number
  height: number
  channels: 1 | 3
  /** The container file's modification time. */
  mtimeMs: number
  label: number
  fixedSplit: FixedSplit
}>

export type PlannedItem = FileItem | PixelItem

export type SourcePlan = Readonly<{
  kind: Exclude<DatasetKind, 'sample'>
  /** For people: the folder's or CSV's name, or a dataset's own name (Fashion-MNIST). */
  name: string
  classNames: readonly string[]
  /** Column by column (planItems.ts); at(i) gives item i as a FileItem or PixelItem. */
  items: PlanItems
  problems: readonly ImportProblem[]
  /** 'folders' or 'sourceFiles' when the source fixes some splits; otherwise 'seeded'. */
  splitOrigin: SplitOrigin
  /** IDX and CIFAR: their own size and colour, the defaults; null when the defaults come from sampled files. */
  native: Readonly<{ size: number; colorMode: ColorMode }> | null
}>

// The items of a source plan, held column by column so 100,000 planned images cost ~50 bytes each outside the JS
// heap instead of an object and two path strings each inside it (which kept V8's collection thresholds, and with
// them the import's peak memory, growing with the image count). `at(i)` builds item i's object when it is
// needed, and it is dropped right after. Files: paths packed, relative to one folder. Pixels: records of a few
// container files (IDX, CIFAR), viewed in place.

import { join } from 'node:path'
import { grown } from '../../../app/data/typedArrays'
import { PackedStrings } from '../../../app/formats/packedStrings'
import type { FileItem, FixedSplit, PixelItem, PlannedItem } from './sourcePlan'

export type PlanItems = Readonly<{
  count: number
  /** Class index per item. */
  labels: Uint8Array
  fixedSplits: Int8Array
  /** Item i as an object, made on demand. */
  at(index: number): PlannedItem
}>

/** Image files named by '/'-separated paths relative to `folder` (the imported folder, or the CSV's folder). */
export class FileItemList implements PlanItems {
  readonly paths = new PackedStrings()
  labels = new Uint8Array(0)
  fixedSplits = new Int8Array(0)
  /** CSV: the line that named each item, for its problem reasons; -1 for none. Empty without an origin. */
  private lines = new Int32Array(0)

  /** `origin` names where the lines are ('labels.csv'); without it items have no origin. */
  constructor(readonly folder: string, private readonly origin?: string) {}

  get count(): number {
    return this.paths.count
  }

  add(path: string, label: number, fixedSplit: FixedSplit, line = -1): void {
    const index = this.paths.push(path)
    this.labels = grown(this.labels, index + 1, Uint8Array)
    this.fixedSplits = grown(this.fixedSplits, index + 1, Int8Array)
    if (this.origin !== undefined) {
      this.lines = grown(this.lines, index + 1, Int32Array)
    }
    this.labels[index] = label
    this.fixedSplits[index] = fixedSplit
    if (this.origin !== undefined) {
      this.lines[index] = line
    }
  }

  /** Drops the spare capacity once every item is added, so the columns are exactly count long. */
  seal(): this {
    this.labels = this.labels.slice(0, this.count)
    this.fixedSplits = this.fixedSplits.slice(0, this.count)
    this.lines = this.lines.slice(0, this.origin === undefined ? 0 : this.count)
    return this
  }

  at(index: number): FileItem {
    const path = this.paths.at(index)
    const line = this.origin === undefined ? -1 : this.lines[index]
    return {
      source: 'file',
      path,
      absolutePath: join(this.folder, ...path.split('/')),
      label: this.labels[index],
      fixedSplit: this.fixedSplits[index] as FixedSplit,
      ...(this.origin !== undefined && line >= 0 ? { origin: `line ${line} of ${this.origin}` } : {}),
    }
  }
}

/** One container file of images already decoded (height × width × channels uint8 each, one after another). */
export type PixelRecords = Readonly<{
  /** The file's name: item paths are '<name>#<record>'. */
  name: string
  mtimeMs: number
  pixels: Uint8Array
  width: number
  height: number
  channels: 1 | 3
  labels: Uint8Array
  fixedSplit: FixedSplit
}>

/** The records of some container files, in file order. */
export class PixelItemList implements PlanItems {
  readonly count: number
  readonly labels: Uint8Array
  readonly fixedSplits: Int8Array
  /** First item of each file. */
  private readonly firsts: number[]

  constructor(private readonly files: readonly PixelRecords[]) {
    this.firsts = []
    let count = 0
    for (const file of files) {
      this.firsts.push(count)
      count += file.labels.length
    }
    this.count = count
    this.labels = new Uint8Array(count)
    this.fixedSplits = new Int8Array(count)
    files.forEach((file, f) => {
      this.labels.set(file.labels, this.firsts[f])
      this.fixedSplits.fill(file.fixedSplit, this.firsts[f], this.firsts[f] + file.labels.length)
    })
  }

  at(index: number): PixelItem {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) {
      throw new RangeError(`PixelItemList.at: index ${index} is outside 0..${this.count - 1}`)
    }
    let f = this.files.length - 1
    while (this.firsts[f] > index) {
      f--
    }
    const { name, mtimeMs, pixels, width, height, channels, labels, fixedSplit } = this.files[f]
    const record = index - this.firsts[f]
    const imageBytes = width * height * channels
    return {
      source: 'pixels',
      path: `${name}#${record}`,
      pixels: pixels.subarray(record * imageBytes, (record + 1) * imageBytes),
      width,
      height,
      channels,
      mtimeMs,
      label: labels[record],
      fixedSplit,
    }
  }
}

/** Every item as an object: for tests and small plans, never for a whole import. */
export function planItemList(items: PlanItems): PlannedItem[] {
  return Array.from({ length: items.count }, (_, index) => items.at(index))
}

// Finds the classes and image files of a folder laid out one subfolder per class, or with top-level train/,
// val/ (valid/, validation/) and test/ folders that each hold class subfolders. Reads names only, never pixels.
// Nested subfolders belong to their top-level class; hidden files and OS clutter are ignored; anything else that
// cannot be used (not an image type, a link loop, a folder it may not read) is reported, never fatal.

import type { Dirent } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { extname, join } from 'node:path'
import { PackedStrings } from '../../app/formats/packedStrings'
import { codePointCompare } from './import/classOrder'
import { throwIfCancelled } from './import/importErrors'
import { FileItemList } from './import/planItems'
import type { FixedSplit, ImportProblem } from './import/sourcePlan'

export type FolderScan = Readonly<{
  /** 'splits' when the top level is train/ (+ val/ and/or test/), each holding class folders. */
  layout: 'classes' | 'splits'
  /** Class folders with at least one image file, in code-point order, as Python's sorted() ("class10" before "class2"). */
  classNames: readonly string[]
  /** '/'-separated paths relative to the folder, by split folder (train, validation, test), then class; within
   *  a class depth-first, in code-point order. Packed: names of 100,000 files stay a few MB off the JS heap. */
  files: FileItemList
  /** Class folders without any image file. */
  emptyClassFolders: readonly string[]
  problems: readonly ImportProblem[]
}>

export type FolderScanOptions = Readonly<{
  signal?: AbortSignal
  /** Called with the number of image files found so far. */
  onFound?: (count: number) => void
}>

export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(
  ['.png', '.jpg', '.jpeg', '.jfif', '.webp', '.gif', '.tif', '.tiff', '.avif', '.bmp', '.dib'],
)
const IGNORED_FILES: ReadonlySet<string> = new Set(['Thumbs.db', 'desktop.ini', 'Icon\r'])
/** Top-level split folders (lower-cased) and the split each fixes; train's images are free to be carved. */
const SPLIT_FOLDERS: Readonly<Record<string, FixedSplit>> = {
  train: -1, val: 1, valid: 1, validation: 1, test: 2,
}
const SPLIT_ORDER: Readonly<Record<string, number>> = { train: 0, val: 1, valid: 1, validation: 1, test: 2 }

const OUTSIDE_CLASS = 'image outside a class folder; skipped (move it into its class folder)'

type EntryKind = { kind: 'file' | 'folder' | 'ignored' } | { kind: 'unusable'; reason: string }
type Listing = { entry: Dirent; kind: EntryKind }[]

function isImageName(name: string): boolean {
  return IMAGE_EXTENSIONS.has(extname(name).toLowerCase())
}

/** Symbolic links count as what they point to; a loop or a broken link is reported. */
async function kindOf(folder: string, entry: Dirent): Promise<EntryKind> {
  if (entry.name.startsWith('.') || IGNORED_FILES.has(entry.name)) {
    return { kind: 'ignored' }
  }
  if (!entry.isSymbolicLink()) {
    return { kind: entry.isDirectory() ? 'folder' : entry.isFile() ? 'file' : 'ignored' }
  }
  try {
    const target = await stat(join(folder, entry.name))
    return { kind: target.isDirectory() ? 'folder' : target.isFile() ? 'file' : 'ignored' }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const reason = code === 'ELOOP'
      ? 'symbolic link loop (the link leads back to itself); skipped'
      : code === 'ENOENT'
        ? 'broken symbolic link (its target does not exist); skipped'
        : `cannot follow the symbolic link (${code ?? (error as Error).message}); skipped`
    return { kind: 'unusable', reason }
  }
}

class Scanner {
  readonly problems: ImportProblem[] = []
  private readonly seen = new Set<string>()
  private found = 0

  constructor(private readonly root: string, private readonly options: FolderScanOptions) {}

  /** The folder's entries in code-point order, or null (with a problem) when it cannot be listed. */
  async list(relative: string): Promise<Listing | null> {
    throwIfCancelled(this.options.signal)
    const folder = relative === '' ? this.root : join(this.root, ...relative.split('/'))
    try {
      // Guards against a symbolic link that points back up the tree.
      const info = await stat(folder)
      const identity = `${info.dev}:${info.ino}`
      if (this.seen.has(identity)) {
        this.problems.push({ path: relative, reason: 'folder already visited through a symbolic link; skipped' })
        return null
      }
      this.seen.add(identity)
      const entries = (await readdir(folder, { withFileTypes: true }))
        .sort((a, b) => codePointCompare(a.name, b.name))
      return Promise.all(entries.map(async (entry) => ({ entry, kind: await kindOf(folder, entry) })))
    } catch (error) {
      if (relative === '') {
        throw error
      }
      const code = (error as NodeJS.ErrnoException).code
      const why = code === 'EACCES' || code === 'EPERM' ? 'no permission to open it' : (error as Error).message
      this.problems.push({ path: relative, reason: `cannot read the folder (${why}); its images are skipped` })
      return null
    }
  }

  /** Adds every image file under the folder (recursively) to `images`, as '/'-separated paths from the root. */
  async images(relative: string, images: PackedStrings): Promise<PackedStrings> {
    const listed = await this.list(relative)
    for (const { entry, kind } of listed ?? []) {
      const path = `${relative}/${entry.name}`
      if (kind.kind === 'folder') {
        await this.images(path, images)
      } else if (kind.kind === 'unusable') {
        this.problems.push({ path, reason: kind.reason })
      } else if (kind.kind === 'file' && isImageName(entry.name)) {
        images.push(path)
        this.options.onFound?.(++this.found)
      } else if (kind.kind === 'file') {
        const type = extname(entry.name) || 'no extension'
        this.problems.push({ path, reason: `not an image file type (${type}); skipped` })
      }
    }
    return images
  }

  /** Class folder name -> its images, for the class folders in a listing of `relative` ('' = the root). */
  async classes(relative: string, listing: Listing): Promise<Map<string, PackedStrings>> {
    const classes = new Map<string, PackedStrings>()
    for (const { entry, kind } of listing) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`
      if (kind.kind === 'unusable') {
        this.problems.push({ path, reason: kind.reason })
      } else if (kind.kind === 'file' && isImageName(entry.name)) {
        this.problems.push({ path, reason: OUTSIDE_CLASS })
      } else if (kind.kind === 'folder') {
        classes.set(entry.name, await this.images(path, new PackedStrings()))
      }
    }
    return classes
  }
}

/** The split folders of the top level, in train, validation, test order, when the layout is train/ (+ val/,
 *  test/) and nothing else; otherwise null (the top-level folders are classes). */
function splitFolders(top: Listing): string[] | null {
  const folders = top.filter(({ kind }) => kind.kind === 'folder').map(({ entry }) => entry.name)
  const isSplitLayout = folders.some((name) => name.toLowerCase() === 'train')
    && folders.every((name) => SPLIT_FOLDERS[name.toLowerCase()] !== undefined)
  return isSplitLayout
    ? folders.sort((a, b) => SPLIT_ORDER[a.toLowerCase()] - SPLIT_ORDER[b.toLowerCase()] || codePointCompare(a, b))
    : null
}

/** Scans root; throws only when root itself cannot be read (everything below is reported as problems). */
export async function scanImageFolder(root: string, options: FolderScanOptions = {}): Promise<FolderScan> {
  const scanner = new Scanner(root, options)
  const top = (await scanner.list('')) ?? []
  const splits = splitFolders(top)
  const parts: { fixedSplit: FixedSplit; classes: Map<string, PackedStrings> }[] = []
  if (splits === null) {
    parts.push({ fixedSplit: -1, classes: await scanner.classes('', top) })
  } else {
    for (const name of splits) {
      const listing = (await scanner.list(name)) ?? []
      const classes = await scanner.classes(name, listing)
      parts.push({ fixedSplit: SPLIT_FOLDERS[name.toLowerCase()], classes })
    }
    for (const { entry, kind } of top) {
      if (kind.kind === 'file' && isImageName(entry.name)) {
        scanner.problems.push({ path: entry.name, reason: 'image outside train/, val/ and test/; skipped' })
      }
    }
  }
  const allNames = [...new Set(parts.flatMap((part) => [...part.classes.keys()]))].sort(codePointCompare)
  const classNames = allNames.filter((name) => parts.some((part) => (part.classes.get(name)?.count ?? 0) > 0))
  const emptyClassFolders = allNames.filter((name) => !classNames.includes(name))
  for (const name of emptyClassFolders) {
    scanner.problems.push({ path: name, reason: 'folder has no image files; not used as a class' })
  }
  const files = new FileItemList(root)
  for (const part of parts) {
    classNames.forEach((name, label) => {
      const paths = part.classes.get(name)
      for (let i = 0; i < (paths?.count ?? 0); i++) {
        files.add((paths as PackedStrings).at(i), label, part.fixedSplit)
      }
      part.classes.delete(name)
    })
  }
  files.seal()
  const layout = splits === null ? 'classes' : 'splits'
  return { layout, classNames, files, emptyClassFolders, problems: scanner.problems }
}

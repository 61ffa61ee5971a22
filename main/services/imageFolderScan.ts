// Finds the classes and image files of a folder laid out one subfolder per class. Reads names only, never
// pixels (imageFolderImport.ts decodes). Nested subfolders belong to their top-level class; hidden files and
// OS clutter are ignored; anything else that is not an image is reported, not fatal.

import type { Dirent } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { extname, join } from 'node:path'

export type ImportProblem = Readonly<{ path: string; reason: string }>

/** One image file to decode; relativePath is '/'-separated from the imported folder, for messages. */
export type ScannedFile = Readonly<{ path: string; relativePath: string; label: number }>

export type FolderScan = Readonly<{
  /** Class folders with at least one image file, in natural order ("class2" before "class10"). */
  classNames: readonly string[]
  /** Grouped by class; within a class depth-first, names in natural order. */
  files: readonly ScannedFile[]
  /** Class folders without any image file. */
  emptyClassFolders: readonly string[]
  problems: readonly ImportProblem[]
}>

export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(
  ['.png', '.jpg', '.jpeg', '.jfif', '.webp', '.gif', '.tif', '.tiff', '.avif', '.bmp', '.dib'],
)
const IGNORED_FILES: ReadonlySet<string> = new Set(['Thumbs.db', 'desktop.ini', 'Icon\r'])

// Numeric-aware so "class2" sorts before "class10"; ties broken by code units so the order never depends on locale.
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' })
function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0)
}

function isIgnored(name: string): boolean {
  return name.startsWith('.') || IGNORED_FILES.has(name)
}

function isImageName(name: string): boolean {
  return IMAGE_EXTENSIONS.has(extname(name).toLowerCase())
}

/** Symbolic links count as what they point to; a broken one is neither a file nor a folder. */
async function kindOf(folder: string, entry: Dirent): Promise<'file' | 'folder' | 'other'> {
  if (!entry.isSymbolicLink()) {
    return entry.isDirectory() ? 'folder' : entry.isFile() ? 'file' : 'other'
  }
  const target = await stat(join(folder, entry.name)).catch(() => null)
  return target?.isDirectory() ? 'folder' : target?.isFile() ? 'file' : 'other'
}

/** Every image file under folder (recursively), as '/'-separated paths relative to the imported root. */
async function listImages(root: string, relative: string, problems: ImportProblem[], seen: Set<string>) {
  const folder = join(root, ...relative.split('/'))
  // Guards against a symbolic link that points back up the tree.
  const identity = await stat(folder).then((info) => `${info.dev}:${info.ino}`)
  if (seen.has(identity)) {
    problems.push({ path: relative, reason: 'folder already visited through a link; skipped' })
    return []
  }
  seen.add(identity)
  let images: string[] = []
  const entries = (await readdir(folder, { withFileTypes: true })).sort((a, b) => naturalCompare(a.name, b.name))
  for (const entry of entries) {
    const path = `${relative}/${entry.name}`
    const kind = isIgnored(entry.name) ? 'ignored' : await kindOf(folder, entry)
    if (kind === 'folder') {
      images = images.concat(await listImages(root, path, problems, seen))
    } else if (kind === 'file' && isImageName(entry.name)) {
      images.push(path)
    } else if (kind === 'file') {
      problems.push({ path, reason: `not an image file type (${extname(entry.name) || 'no extension'}); skipped` })
    }
  }
  return images
}

export async function scanClassFolders(root: string): Promise<FolderScan> {
  let entries: Dirent[]
  try {
    entries = await readdir(root, { withFileTypes: true })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const reason = code === 'ENOENT' ? 'it does not exist' : code === 'ENOTDIR' ? 'it is not a folder' : code
    throw new Error(`Cannot import '${root}': ${reason ?? (error as Error).message}`, { cause: error })
  }
  entries.sort((a, b) => naturalCompare(a.name, b.name))
  const problems: ImportProblem[] = []
  const classNames: string[] = []
  const emptyClassFolders: string[] = []
  const files: ScannedFile[] = []
  const seen = new Set<string>([await stat(root).then((info) => `${info.dev}:${info.ino}`)])
  for (const entry of entries) {
    const kind = isIgnored(entry.name) ? 'ignored' : await kindOf(root, entry)
    if (kind === 'file' && isImageName(entry.name)) {
      problems.push({ path: entry.name, reason: 'image outside a class folder; skipped (move it into its class)' })
    }
    if (kind !== 'folder') {
      continue
    }
    const images = await listImages(root, entry.name, problems, seen)
    if (images.length === 0) {
      emptyClassFolders.push(entry.name)
      problems.push({ path: entry.name, reason: 'folder has no image files; not used as a class' })
      continue
    }
    const label = classNames.push(entry.name) - 1
    for (const relativePath of images) {
      files.push({ path: join(root, ...relativePath.split('/')), relativePath, label })
    }
  }
  return { classNames, files, emptyClassFolders, problems }
}

// Turns what the user gave the browser (a dropped folder's FileSystemEntry tree, or an <input webkitdirectory>
// selection) into one list of { relativePath, file } for the uploader. Hidden files (.DS_Store, .git/, …) and
// OS litter are left out. Reads no bytes: File objects are handles. No upload logic here (api/uploadClient.ts).

export type PickedFile = Readonly<{ relativePath: string; file: File }>

/** The files to upload, and the chosen folder's name when there is one. */
export type PickedFolder = Readonly<{ name: string | null; files: readonly PickedFile[] }>

const LITTER = new Set(['thumbs.db', 'desktop.ini', '__macosx'])

/** Names the uploader leaves out: dot-files and dot-folders, and what Windows and macOS zip tools leave behind. */
export function isHiddenName(name: string): boolean {
  return name.startsWith('.') || LITTER.has(name.toLowerCase())
}

function isHiddenPath(path: string): boolean {
  return path.split('/').some(isHiddenName)
}

/**
 * The entries of a drop. Must run inside the drop handler itself: the browser empties dataTransfer.items as soon
 * as the event returns, while the entries stay readable afterwards.
 */
export function entriesOfDrop(dataTransfer: DataTransfer): FileSystemEntry[] {
  const entries: FileSystemEntry[] = []
  for (const item of Array.from(dataTransfer.items)) {
    const entry = item.kind === 'file' ? item.webkitGetAsEntry() : null
    if (entry !== null) {
      entries.push(entry)
    }
  }
  return entries
}

/** All entries of a folder: readEntries answers in batches (100 in Chromium) until an empty one. */
async function readAllEntries(folder: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = folder.createReader()
  const all: FileSystemEntry[] = []
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject))
    if (batch.length === 0) {
      return all
    }
    all.push(...batch)
  }
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject))
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Walks dropped entries depth-first; paths are the entries' fullPath without the leading '/'. */
export async function walkEntries(entries: readonly FileSystemEntry[]): Promise<PickedFile[]> {
  const picked: PickedFile[] = []
  async function visit(entry: FileSystemEntry): Promise<void> {
    if (isHiddenName(entry.name)) {
      return
    }
    const relativePath = entry.fullPath.replace(/^\/+/, '')
    if (entry.isFile) {
      const file = await fileOf(entry as FileSystemFileEntry).catch((error: unknown) => {
        throw new Error(`could not read "${relativePath}": ${describe(error)}`)
      })
      picked.push({ relativePath, file })
      return
    }
    if (entry.isDirectory) {
      const children = await readAllEntries(entry as FileSystemDirectoryEntry).catch((error: unknown) => {
        throw new Error(`could not list the folder "${relativePath}": ${describe(error)}`)
      })
      // Siblings in parallel: asking for each File is a round trip to the browser process.
      await Promise.all(children.map(visit))
    }
  }
  await Promise.all(entries.map(visit))
  return picked.sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0))
}

/** An <input type=file webkitdirectory> selection: each File knows its path from webkitRelativePath. */
export function filesOfInput(files: Iterable<File>): PickedFile[] {
  const picked: PickedFile[] = []
  for (const file of files) {
    // Empty (or missing) when the input was not a directory picker: the file then sits at the root.
    const relativePath = file.webkitRelativePath || file.name
    if (!isHiddenPath(relativePath)) {
      picked.push({ relativePath, file })
    }
  }
  return picked
}

/**
 * The visible files, and the chosen folder's name when every file sits in one top folder (for the progress
 * text). Paths keep that folder: 'plants/cats/1.png' arrives as uploads/<id>/plants/cats/1.png and the host
 * imports uploads/<id>/plants, named after it. Several dropped folders stay side by side.
 */
export function pickedFolder(files: readonly PickedFile[]): PickedFolder {
  const visible = files.filter((file) => !isHiddenPath(file.relativePath))
  const tops = new Set(visible.map((file) => file.relativePath.split('/')[0]))
  const [top] = tops
  const isOneFolder = tops.size === 1 && visible.every((file) => file.relativePath.includes('/'))
  return { name: isOneFolder ? top : null, files: visible }
}

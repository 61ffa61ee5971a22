import { describe, expect, test } from 'vitest'
import { entriesOfDrop, filesOfInput, isHiddenName, pickedFolder, walkEntries } from '../../../../renderer/features/data/folderPick'

type Tree = { [name: string]: Tree | string }

/**
 * FileSystemEntry stand-ins built from a tree. Folders answer readEntries in batches of `batch` (Chromium: 100)
 * and then with an empty batch, as the Entries API does; `reads` counts the calls.
 */
function entryFor(name: string, node: Tree | string, parent: string, batch: number, reads: { count: number }): FileSystemEntry {
  const fullPath = `${parent}/${name}`
  if (typeof node === 'string') {
    const file = new File([node], name)
    const entry = { name, fullPath, isFile: true, isDirectory: false, file: (resolve: (f: File) => void) => resolve(file) }
    return entry as unknown as FileSystemEntry
  }
  const children = Object.entries(node).map(([childName, child]) => entryFor(childName, child, fullPath, batch, reads))
  return {
    name,
    fullPath,
    isFile: false,
    isDirectory: true,
    createReader() {
      let offset = 0
      return {
        readEntries(resolve: (entries: FileSystemEntry[]) => void) {
          reads.count++
          const next = children.slice(offset, offset + batch)
          offset += next.length
          setTimeout(() => resolve(next))
        },
      }
    },
  } as unknown as FileSystemEntry
}

const TREE: Tree = {
  plants: {
    cats: Object.fromEntries(Array.from({ length: 7 }, (_, index) => [`cat ${index}.png`, `c${index}`])),
    'über étoile': { 'bild 1.png': 'u1', deeper: { 'bild 2.png': 'u2' } },
    '.DS_Store': 'junk',
    '.git': { HEAD: 'ref' },
    'Thumbs.db': 'junk',
  },
}

describe('folder pick', () => {
  test('walks dropped entries, reading every batch of every folder until an empty one, skipping hidden files', async () => {
    const reads = { count: 0 }
    const picked = await walkEntries([entryFor('plants', TREE.plants, '', 3, reads)])
    const paths = picked.map((file) => file.relativePath)
    expect(paths).toEqual([
      ...Array.from({ length: 7 }, (_, index) => `plants/cats/cat ${index}.png`),
      'plants/über étoile/bild 1.png',
      'plants/über étoile/deeper/bild 2.png',
    ])
    expect(await Promise.all(picked.map((file) => file.file.text()))).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'u1', 'u2'])
    // plants: 5 entries → 3 + 2 + empty; cats: 7 → 3 + 3 + 1 + empty; über étoile and deeper: 1 batch + empty each.
    expect(reads.count).toBe(3 + 4 + 2 + 2)
  })

  test('a folder that cannot be listed or a file that cannot be read rejects naming it', async () => {
    const broken = {
      name: 'locked', fullPath: '/locked', isFile: false, isDirectory: true,
      createReader: () => ({ readEntries: (_ok: unknown, fail: (error: Error) => void) => fail(new Error('NotReadableError')) }),
    } as unknown as FileSystemEntry
    await expect(walkEntries([broken])).rejects.toThrow('could not list the folder "locked": NotReadableError')
    const unreadable = {
      name: 'a.png', fullPath: '/a.png', isFile: true, isDirectory: false,
      file: (_ok: unknown, fail: (error: Error) => void) => fail(new Error('NotFoundError')),
    } as unknown as FileSystemEntry
    await expect(walkEntries([unreadable])).rejects.toThrow('could not read "a.png": NotFoundError')
  })

  test('turns an <input webkitdirectory> selection into the same list', () => {
    const file = (path: string) => Object.assign(new File(['x'], path.split('/').at(-1)!), { webkitRelativePath: path })
    const picked = filesOfInput([file('plants/cats/1.png'), file('plants/.DS_Store'), file('plants/.git/HEAD'), file('plants/dogs/2.png')])
    expect(picked.map((entry) => entry.relativePath)).toEqual(['plants/cats/1.png', 'plants/dogs/2.png'])
    expect(filesOfInput([new File(['x'], 'loose.png')]).map((entry) => entry.relativePath)).toEqual(['loose.png'])
  })

  test('one chosen folder gives the name; paths keep it; several folders have no name', () => {
    const at = (...paths: string[]) => paths.map((relativePath) => ({ relativePath, file: new File([], 'x') }))
    const single = pickedFolder(at('plants/cats/1.png', 'plants/dogs/2.png'))
    expect(single.name).toBe('plants')
    expect(single.files.map((file) => file.relativePath)).toEqual(['plants/cats/1.png', 'plants/dogs/2.png'])
    const several = pickedFolder(at('cats/1.png', 'dogs/2.png'))
    expect(several).toMatchObject({ name: null })
    expect(several.files.map((file) => file.relativePath)).toEqual(['cats/1.png', 'dogs/2.png'])
    expect(pickedFolder(at('plants/cats/1.png', 'labels.csv')).name).toBeNull()
    expect(pickedFolder(at('plants/.DS_Store', 'plants/a/1.png')).files.map((file) => file.relativePath)).toEqual(['plants/a/1.png'])
  })

  test('hidden names', () => {
    expect(['.DS_Store', '._cat.png', '.git', 'Thumbs.db', 'desktop.ini', '__MACOSX'].every(isHiddenName)).toBe(true)
    expect(['cat.png', 'über.png', 'a.b'].some(isHiddenName)).toBe(false)
  })

  test('takes the entries of a drop synchronously, ignoring non-file items', () => {
    const entry = { name: 'plants' } as FileSystemEntry
    const items = [
      { kind: 'string', webkitGetAsEntry: () => entry },
      { kind: 'file', webkitGetAsEntry: () => entry },
      { kind: 'file', webkitGetAsEntry: () => null },
    ]
    expect(entriesOfDrop({ items } as unknown as DataTransfer)).toEqual([entry])
  })
})

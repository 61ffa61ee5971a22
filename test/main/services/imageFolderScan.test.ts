// Scanning image folders: class order, nested folders, the train/ val/ test/ layout (class list = union, each
// file's fixed split), what is ignored and what is reported, and symbolic links that loop or break.

import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { scanImageFolder } from '../../../main/services/imageFolderScan'
import { planItemList } from '../../../main/services/import/planItems'
import { writeTree } from './imageFixtures'

let root: string

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'folder-scan-'))
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

const files = (names: string[]) => Object.fromEntries(names.map((name) => [name, 'x']))

describe('scanImageFolder', () => {
  test('one class per top folder, code-point order, nested files depth-first in their class', async () => {
    const folder = join(root, 'classes')
    await writeTree(folder, files([
      'class10/b.png', 'class10/a.png', 'class2/img10.png', 'class2/img2.jpg', 'class2/deep/er/x.webp',
      'class2/.hidden.png', 'class2/Thumbs.db', 'class2/notes.md', 'stray.png', 'empty/readme.txt',
    ]))
    const found: number[] = []
    const scan = await scanImageFolder(folder, { onFound: (count) => found.push(count) })
    expect(scan.layout).toBe('classes')
    expect(scan.classNames).toEqual(['class10', 'class2'])
    expect(planItemList(scan.files).map((file) => [file.path, file.label, file.fixedSplit])).toEqual([
      ['class10/a.png', 0, -1],
      ['class10/b.png', 0, -1],
      ['class2/deep/er/x.webp', 1, -1],
      ['class2/img10.png', 1, -1],
      ['class2/img2.jpg', 1, -1],
    ])
    expect(scan.files.at(0).absolutePath).toBe(join(folder, 'class10', 'a.png'))
    expect(found.at(-1)).toBe(5)
    expect(scan.emptyClassFolders).toEqual(['empty'])
    expect(scan.problems).toEqual([
      { path: 'class2/notes.md', reason: 'not an image file type (.md); skipped' },
      { path: 'empty/readme.txt', reason: 'not an image file type (.txt); skipped' },
      { path: 'stray.png', reason: 'image outside a class folder; skipped (move it into its class folder)' },
      { path: 'empty', reason: 'folder has no image files; not used as a class' },
    ])
  })

  test('train/ val/ test/: classes are the union, val and test files fixed to their split', async () => {
    const folder = join(root, 'splits')
    await writeTree(folder, files([
      'train/cat/1.png', 'train/dog/1.png', 'train/dog/2.png', 'Val/cat/v.png',
      'test/dog/t.png', 'test/bird/t.png', 'train/loose.png',
    ]))
    const scan = await scanImageFolder(folder)
    expect(scan.layout).toBe('splits')
    expect(scan.classNames).toEqual(['bird', 'cat', 'dog'])
    expect(planItemList(scan.files).map((file) => [file.path, file.label, file.fixedSplit])).toEqual([
      ['train/cat/1.png', 1, -1],
      ['train/dog/1.png', 2, -1],
      ['train/dog/2.png', 2, -1],
      ['Val/cat/v.png', 1, 1],
      ['test/bird/t.png', 0, 2],
      ['test/dog/t.png', 2, 2],
    ])
    expect(scan.problems).toEqual([
      { path: 'train/loose.png', reason: 'image outside a class folder; skipped (move it into its class folder)' },
    ])
  })

  test('validation/ counts as val/; a non-split folder beside train/ makes them all classes', async () => {
    const named = join(root, 'validation-named')
    await writeTree(named, files(['train/a/1.png', 'train/b/1.png', 'validation/a/2.png']))
    expect(Array.from((await scanImageFolder(named)).files.fixedSplits)).toEqual([-1, -1, 1])
    const mixed = join(root, 'mixed')
    await writeTree(mixed, files(['train/a/1.png', 'test/a/2.png', 'extra/3.png']))
    const scan = await scanImageFolder(mixed)
    expect(scan.layout).toBe('classes')
    expect(scan.classNames).toEqual(['extra', 'test', 'train'])
  })

  test('symbolic links count as their target; loops and broken links are reported', async () => {
    const folder = join(root, 'links')
    await writeTree(folder, files(['real/1.png', 'other/2.png']))
    await mkdir(join(folder, 'linked'))
    await symlink(join(folder, 'real', '1.png'), join(folder, 'linked', 'alias.png'))
    await symlink('self.png', join(folder, 'linked', 'self.png'))
    await symlink('gone.png', join(folder, 'linked', 'broken.png'))
    await symlink(folder, join(folder, 'other', 'root again'))
    const scan = await scanImageFolder(folder)
    expect(scan.classNames).toEqual(['linked', 'other', 'real'])
    expect(planItemList(scan.files).map((file) => file.path)).toEqual(['linked/alias.png', 'other/2.png', 'real/1.png'])
    expect(scan.problems).toEqual([
      { path: 'linked/broken.png', reason: 'broken symbolic link (its target does not exist); skipped' },
      { path: 'linked/self.png', reason: 'symbolic link loop (the link leads back to itself); skipped' },
      { path: 'other/root again', reason: 'folder already visited through a symbolic link; skipped' },
    ])
  })

  test('a missing folder throws; the caller words it', async () => {
    await expect(scanImageFolder(join(root, 'nowhere'))).rejects.toThrow(/ENOENT/)
  })
})

// Writing an import's two files: the bytes land exactly (head, then the images from the caller's array, then the
// manifest); a cancel between chunks or a failed rename leaves the previous pair untouched and no temporary file.

import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import { ImportCancelledError } from '../../../../main/services/import/importErrors'
import { writeDatasetFiles } from '../../../../main/services/import/writeImport'

// rename is wrapped so one test can make it fail the way a full or vanishing disk would.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>()
  return { ...actual, rename: vi.fn(actual.rename) }
})

let root: string

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'write-import-'))
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

afterEach(() => {
  vi.mocked(rename).mockClear()
})

async function folderWithPrevious(name: string) {
  const folder = join(root, name)
  await mkdir(folder)
  await writeFile(join(folder, 'dataset.cnnds'), 'old cache')
  await writeFile(join(folder, 'manifest.json'), 'old manifest')
  return folder
}

const files = (
  folder: string,
  images: Uint8Array,
  signal?: AbortSignal,
  onImageBytes?: (bytes: number) => void,
) => ({
  cachePath: join(folder, 'dataset.cnnds'),
  manifestPath: join(folder, 'manifest.json'),
  head: Uint8Array.from([1, 2, 3]),
  images,
  manifestChunks: ['{"é"', ': 1}'],
  signal,
  onImageBytes,
})

describe('writeDatasetFiles', () => {
  test('writes the head then the images, and the manifest as UTF-8', async () => {
    const folder = await folderWithPrevious('ok')
    const images = Uint8Array.from({ length: 1000 }, (_, i) => i % 256)
    await writeDatasetFiles(files(folder, images))
    expect(Array.from(await readFile(join(folder, 'dataset.cnnds')))).toEqual([1, 2, 3, ...images])
    expect(await readFile(join(folder, 'manifest.json'), 'utf8')).toBe('{"é": 1}')
    expect((await readdir(folder)).sort()).toEqual(['dataset.cnnds', 'manifest.json'])
  })

  test('a cancel after the first 16 MB chunk leaves the previous files and no temporary file', async () => {
    const folder = await folderWithPrevious('cancelled')
    const controller = new AbortController()
    const written: number[] = []
    const images = new Uint8Array(40 * 1024 * 1024)
    const writing = writeDatasetFiles(files(folder, images, controller.signal, (bytes) => {
      written.push(bytes)
      controller.abort()
    }))
    await expect(writing).rejects.toThrow(ImportCancelledError)
    expect(written).toEqual([16 * 1024 * 1024])
    expect((await readdir(folder)).sort()).toEqual(['dataset.cnnds', 'manifest.json'])
    expect(await readFile(join(folder, 'dataset.cnnds'), 'utf8')).toBe('old cache')
  })

  test('a failed rename leaves the previous files and no temporary file', async () => {
    const folder = await folderWithPrevious('rename-fails')
    vi.mocked(rename).mockRejectedValueOnce(Object.assign(new Error('ENOSPC: no space left'), { code: 'ENOSPC' }))
    await expect(writeDatasetFiles(files(folder, new Uint8Array(10)))).rejects.toThrow(/ENOSPC/)
    expect((await readdir(folder)).sort()).toEqual(['dataset.cnnds', 'manifest.json'])
    expect(await readFile(join(folder, 'manifest.json'), 'utf8')).toBe('old manifest')
  })
})

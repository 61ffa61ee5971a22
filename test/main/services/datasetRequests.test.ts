import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { ImportProgress } from '../../../app/protocol/studioApi'
import { DatasetRequests } from '../../../main/services/datasetRequests'
import { datasetIdForFolder } from '../../../main/services/datasetStore'

const CLASSES = ['circles', 'squares', 'stripes']
let root: string
let folder: string

/** 12 images per class, each a distinct grey level so every cached image can be traced back to its file. */
async function makeFolder(path: string, perClass: number): Promise<void> {
  for (const [label, name] of CLASSES.entries()) {
    await mkdir(join(path, name), { recursive: true })
    for (let i = 0; i < perClass; i++) {
      const level = 10 + label * 80 + i * 5
      await sharp({ create: { width: 20, height: 20, channels: 3, background: { r: level, g: level, b: level } } })
        .png()
        .toFile(join(path, name, `image ${i}.png`))
    }
  }
  await writeFile(join(path, 'squares', 'broken.png'), 'this is not a png')
}

function requests(projectDir: string, progress: ImportProgress[] = [], resolveUpload?: (id: string) => string) {
  return new DatasetRequests({ projectDir, resolveUpload, publishProgress: (event) => progress.push(event) })
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cnn-studio-requests-'))
  folder = join(root, 'shapes folder')
  await makeFolder(folder, 12)
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('datasets:import', () => {
  test('imports a folder, reports progress under its importId and summarises the doctor findings', async () => {
    const progress: ImportProgress[] = []
    const service = requests(join(root, 'project-a'), progress)
    const summary = await service.import({
      importId: 'import-1',
      source: { kind: 'path', path: folder },
      settings: { preprocessing: { size: 8, colorMode: 'grayscale' } },
    })
    expect(summary.id).toBe(datasetIdForFolder(folder))
    expect(summary.dataRef).toEqual({ kind: 'cache', id: summary.id })
    expect(summary.classNames).toEqual(CLASSES)
    expect(summary.imageShape).toEqual({ height: 8, width: 8, channels: 1 })
    expect(summary.preprocessing).toMatchObject({ size: 8, colorMode: 'grayscale' })
    const perClass = CLASSES.map((_, label) =>
      summary.classCounts.train[label] + summary.classCounts.validation[label] + summary.classCounts.test[label])
    expect(perClass).toEqual([12, 12, 12])
    expect(summary.problems.map((problem) => problem.path)).toEqual(['squares/broken.png'])
    expect(summary.problemCount).toBe(1)
    expect(summary.importStats).toMatchObject({ decoded: 36, reused: 0, skipped: 1 })
    expect(summary.normalization.mean).toHaveLength(1)
    expect(progress.length).toBeGreaterThan(0)
    expect(progress.every((event) => event.importId === 'import-1')).toBe(true)
    expect(progress.at(-1)!.done).toBe(progress.at(-1)!.total)
  })

  test('a second import of the same folder decodes nothing again', async () => {
    const service = requests(join(root, 'project-a'))
    const summary = await service.import({
      importId: 'import-2',
      source: { kind: 'path', path: folder },
      settings: { preprocessing: { size: 8, colorMode: 'grayscale' } },
    })
    expect(summary.importStats).toMatchObject({ decoded: 0, reused: 36 })
  })

  test('refuses bad parameters with messages that name the value', async () => {
    const service = requests(join(root, 'project-b'))
    await expect(service.import({ importId: '../x', source: { kind: 'path', path: folder } })).rejects.toThrow(
      /importId/,
    )
    await expect(service.import({ importId: 'a', source: { kind: 'path', path: 'relative/folder' } })).rejects.toThrow(
      /an absolute folder or \.csv path/,
    )
    await expect(
      service.import({ importId: 'a', source: { kind: 'path', path: folder }, settings: { preprocessing: { size: 2 } } }),
    ).rejects.toThrow(/size/)
    await expect(service.import({ importId: 'a', source: { kind: 'upload', uploadId: 'u1' } })).rejects.toThrow(
      /does not take uploads/,
    )
    await expect(service.import({ importId: 'a', source: { kind: 'ftp', path: folder } })).rejects.toThrow(/kind/)
  })

  test('cancel stops a running import and leaves nothing in the project', async () => {
    const big = join(root, 'bigger')
    await makeFolder(big, 150)
    const projectDir = join(root, 'project-cancel')
    const progress: ImportProgress[] = []
    const service = requests(projectDir, progress)
    const running = service.import({ importId: 'slow', source: { kind: 'path', path: big } })
    const outcome = running.then(
      () => 'finished',
      (error: Error) => error.message,
    )
    while (!progress.some((event) => event.phase === 'decoding' && event.done > 0)) {
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
    expect(service.cancel({ importId: 'slow' })).toEqual({ cancelled: true })
    expect(await outcome).toMatch(/cancel/i)
    const datasets = await readdir(join(projectDir, 'datasets')).catch(() => [])
    for (const id of datasets) {
      expect(await readdir(join(projectDir, 'datasets', id))).toEqual([])
    }
    expect(service.cancel({ importId: 'slow' })).toEqual({ cancelled: false })
    expect(() => service.cancel({})).toThrow(/datasets:cancelImport params\.importId/)
    expect(() => service.cancel('slow')).toThrow(/datasets:cancelImport params/)
  })

  test('an upload source imports the single folder the browser sent, named after it', async () => {
    const uploads = join(root, 'uploads', 'abc123')
    await makeFolder(join(uploads, 'my shapes'), 4)
    const service = requests(join(root, 'project-upload'), [], (id) => join(root, 'uploads', id))
    const summary = await service.import({ importId: 'up', source: { kind: 'upload', uploadId: 'abc123' } })
    expect(summary.name).toBe('my shapes')
    expect(summary.classNames).toEqual(CLASSES)
  })
})

describe('datasets:images and datasets:sourceFile', () => {
  test('pages hold the cached pixels of the requested class, in dataset order', async () => {
    const service = requests(join(root, 'project-a'))
    const summary = await service.import({
      importId: 'pages',
      source: { kind: 'path', path: folder },
      settings: { preprocessing: { size: 8, colorMode: 'grayscale' } },
    })
    const all = await service.images({ datasetId: summary.id, label: null, offset: 0, limit: 512 })
    expect(all.total).toBe(36)
    expect(Array.from(all.indices)).toEqual(Array.from({ length: 36 }, (_, i) => i))
    const squares = await service.images({ datasetId: summary.id, label: 1, offset: 2, limit: 5 })
    expect(squares.total).toBe(12)
    expect(squares.indices).toHaveLength(5)
    expect(Array.from(squares.labels)).toEqual([1, 1, 1, 1, 1])
    for (let i = 0; i < squares.indices.length; i++) {
      const index = squares.indices[i]
      expect(squares.pixels.subarray(i * 64, (i + 1) * 64)).toEqual(all.pixels.subarray(index * 64, (index + 1) * 64))
    }
    const splitCounts = [0, 0, 0]
    all.splits.forEach((code) => splitCounts[code]++)
    expect(splitCounts).toEqual([summary.splits.train, summary.splits.validation, summary.splits.test])
    await expect(service.images({ datasetId: summary.id, label: 3, offset: 0, limit: 5 })).rejects.toThrow(/label/)
    await expect(service.images({ datasetId: summary.id, label: null, offset: 0, limit: 513 })).rejects.toThrow(
      /limit/,
    )
    await expect(service.images({ datasetId: '../etc', label: null, offset: 0, limit: 1 })).rejects.toThrow(
      /dataset id/,
    )
  })

  test('source files are served only when the manifest names them', async () => {
    const service = requests(join(root, 'project-a'))
    const id = datasetIdForFolder(folder)
    const view = await service.sourceFile({ datasetId: id, path: 'circles/image 3.png' })
    expect(view.mimeType).toBe('image/png')
    expect(Buffer.from(view.bytes!)).toEqual(await readFile(join(folder, 'circles', 'image 3.png')))
    expect(view.index).toBeGreaterThanOrEqual(0)
    const broken = await service.sourceFile({ datasetId: id, path: 'squares/broken.png' })
    expect(broken.problem).toBeTruthy()
    expect(broken.index).toBe(-1)
    await expect(service.sourceFile({ datasetId: id, path: '../../../etc/passwd' })).rejects.toThrow(
      /not a file of dataset/,
    )
    await expect(service.sourceFile({ datasetId: id, path: 42 })).rejects.toThrow(/params\.path/)
    await expect(service.sourceFile({ datasetId: 'no-such-dataset', path: 'a.png' })).rejects.toThrow(
      /import its images again/,
    )
  })
})

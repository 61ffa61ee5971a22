import { lstat, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { UploadStore, uploadFolderPath, uploadsFolder } from '../../../main/serve/uploadStore'

/** docs/protocol.md's record format, written independently of the codecs under test. */
function body(files: Record<string, string | Buffer>): Buffer {
  return Buffer.concat(
    Object.entries(files).flatMap(([path, contents]) => {
      const pathBytes = Buffer.from(path, 'utf8')
      const bytes = typeof contents === 'string' ? Buffer.from(contents) : contents
      const pathLength = Buffer.alloc(4)
      pathLength.writeUInt32LE(pathBytes.length)
      const fileLength = Buffer.alloc(4)
      fileLength.writeUInt32LE(bytes.length)
      return [pathLength, pathBytes, fileLength, bytes]
    }),
  )
}

async function rejection(promise: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await promise
  } catch (error) {
    return error as { status: number; message: string }
  }
  throw new Error('expected a rejection')
}

async function listTree(folder: string, prefix = ''): Promise<string[]> {
  const names: string[] = []
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = `${prefix}${entry.name}`
    names.push(...(entry.isDirectory() ? await listTree(join(folder, entry.name), `${path}/`) : [path]))
  }
  return names.sort()
}

let root: string
let project: string
let outside: string

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'upload-store-'))
  project = join(root, 'project')
  outside = join(root, 'outside')
  await mkdir(outside)
  await writeFile(join(outside, 'precious.txt'), 'keep me')
})

afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('upload store', () => {
  test('an upload goes to <id>.partial while it runs and to <id> when finished, byte for byte', async () => {
    const store = new UploadStore(project)
    const { uploadId, limits } = await store.create()
    expect(uploadId).toMatch(/^[0-9a-f]{32}$/)
    expect(limits).toEqual({ maxRequestBytes: 32 << 20, maxFilesPerUpload: 1_000_000, maxBytesPerUpload: 20 * 2 ** 30 })
    expect((await store.create()).uploadId).not.toBe(uploadId)
    const png = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7) % 256))
    const first = await store.addFiles(uploadId, body({ 'cats/1.png': png, 'über étoile/bild 3.png': 'b' }))
    expect(first).toEqual({ uploadId, files: 2, bytes: 301 })
    expect(await store.addFiles(uploadId, body({ 'cats/2.png': '', 'dogs/a/b/c.png': 'deep' }))).toEqual({ uploadId, files: 4, bytes: 305 })
    const partial = join(uploadsFolder(project), `${uploadId}.partial`)
    expect(await listTree(partial)).toEqual(['cats/1.png', 'cats/2.png', 'dogs/a/b/c.png', 'über étoile/bild 3.png'])
    expect(() => uploadFolderPath(project, uploadId)).toThrow(/is not finished/)
    // This server owns the unfinished upload (a server started later deletes it only once this one is gone).
    const owner = `${partial}.owner`
    expect(await readFile(owner, 'utf8')).toBe(`${process.pid}\n`)

    expect(await store.finish(uploadId)).toEqual({ uploadId, files: 4, bytes: 305 })
    expect(await lstat(owner).catch(() => null)).toBeNull()
    const folder = uploadFolderPath(project, uploadId)
    expect(folder).toBe(join(project, 'uploads', uploadId))
    expect(await readFile(join(folder, 'cats', '1.png'))).toEqual(png)
    expect(await lstat(partial).catch(() => null)).toBeNull()
  })

  test('a half-finished, discarded, unknown or malformed upload cannot be resolved for import', async () => {
    const store = new UploadStore(project)
    const { uploadId } = await store.create()
    await store.addFiles(uploadId, body({ 'a/1.png': 'x' }))
    expect(() => uploadFolderPath(project, uploadId)).toThrow(`upload ${uploadId} is not finished`)
    await store.discard(uploadId)
    expect(() => uploadFolderPath(project, uploadId)).toThrow(/no such upload in this project/)
    expect(() => uploadFolderPath(project, 'f'.repeat(32))).toThrow(/no such upload in this project/)
    expect(() => uploadFolderPath(project, '../../etc')).toThrow(/expected 32 lowercase hex digits/)
    expect(await readdir(uploadsFolder(project))).toEqual([])
  })

  test('discard deletes an open or a finished upload; an unknown one is 404', async () => {
    const store = new UploadStore(project)
    const open = await store.create()
    await store.addFiles(open.uploadId, body({ 'a/1.png': 'x' }))
    const finished = await store.create()
    await store.addFiles(finished.uploadId, body({ 'a/1.png': 'x' }))
    await store.finish(finished.uploadId)
    await store.discard(open.uploadId)
    await store.discard(finished.uploadId)
    expect(await readdir(uploadsFolder(project))).toEqual([])
    expect(await rejection(store.addFiles(open.uploadId, body({ 'a/2.png': 'y' })))).toMatchObject({ status: 404 })
    expect(await rejection(store.discard(open.uploadId))).toMatchObject({ status: 404, message: expect.stringMatching(/no such upload/) })
  })

  test('a folder left by an earlier server run is discarded from disk', async () => {
    const { uploadId } = await new UploadStore(project).create()
    await new UploadStore(project).discard(uploadId)
    expect(await readdir(uploadsFolder(project))).toEqual([])
  })

  test('state rules: no files after finish, no finishing twice or empty, no finishing while files arrive', async () => {
    const store = new UploadStore(project)
    const { uploadId } = await store.create()
    expect(await rejection(store.finish(uploadId))).toMatchObject({ status: 400, message: expect.stringMatching(/no files were sent/) })
    const first = store.addFiles(uploadId, body({ 'a/1.png': 'x' }))
    expect(await rejection(store.finish(uploadId))).toMatchObject({ status: 409, message: expect.stringMatching(/still running/) })
    await first
    await store.finish(uploadId)
    expect(await rejection(store.finish(uploadId))).toMatchObject({ status: 409, message: expect.stringMatching(/is finished/) })
    expect(await rejection(store.addFiles(uploadId, body({ 'a/2.png': 'x' })))).toMatchObject({ status: 409 })
  })

  test('limits on files, bytes and request size answer 413 and write nothing of that request', async () => {
    const store = new UploadStore(project, { maxFilesPerUpload: 3, maxBytesPerUpload: 10, maxRequestBytes: 200 })
    const { uploadId } = await store.create()
    await store.addFiles(uploadId, body({ 'a/1': 'xx', 'a/2': 'yy' }))
    const tooMany = await rejection(store.addFiles(uploadId, body({ 'b/1': '', 'b/2': '' })))
    expect(tooMany).toMatchObject({ status: 413, message: expect.stringMatching(/4 files, expected at most 3/) })
    const tooBig = await rejection(store.addFiles(uploadId, body({ 'c/1': 'z'.repeat(7) })))
    expect(tooBig).toMatchObject({ status: 413, message: expect.stringMatching(/11 bytes, expected at most 10/) })
    const tooLong = await rejection(store.addFiles(uploadId, Buffer.alloc(201)))
    expect(tooLong).toMatchObject({ status: 413, message: expect.stringMatching(/201 bytes, expected at most 200/) })
    expect(await listTree(join(uploadsFolder(project), `${uploadId}.partial`))).toEqual(['a/1', 'a/2'])
    // The refused requests counted for nothing: the upload can still take what fits.
    expect(await store.addFiles(uploadId, body({ 'd/1': 'q'.repeat(6) }))).toMatchObject({ files: 3, bytes: 10 })
  })

  test('two requests in flight cannot together slip past a limit', async () => {
    const store = new UploadStore(project, { maxFilesPerUpload: 3 })
    const { uploadId } = await store.create()
    const outcomes = await Promise.allSettled([
      store.addFiles(uploadId, body({ 'a/1': 'x', 'a/2': 'x' })),
      store.addFiles(uploadId, body({ 'b/1': 'x', 'b/2': 'x' })),
    ])
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected'])
  })

  test('bad paths are refused before anything of the request is written, and nothing lands outside', async () => {
    const store = new UploadStore(project)
    for (const path of ['../outside/evil.png', '../../evil.png', '/tmp/evil.png', 'a/../../evil.png', 'a\\..\\evil.png']) {
      const { uploadId } = await store.create()
      const error = await rejection(store.addFiles(uploadId, body({ 'ok/first.png': 'fine', [path]: 'evil' })))
      expect(error, path).toMatchObject({ status: 400, message: expect.stringContaining('file path') })
      expect(await listTree(join(uploadsFolder(project), `${uploadId}.partial`)), path).toEqual([])
    }
    // Besides the uploads' owner records (abandonedUploads.ts), the only file is the one that was there.
    const isOwnerRecord = (path: string) => /^project\/uploads\/[0-9a-f]{32}\.partial\.owner$/.test(path)
    expect((await listTree(root)).filter((path) => !isOwnerRecord(path))).toEqual(['outside/precious.txt'])
  })

  test('a path sent twice is refused, in one request or across two', async () => {
    const store = new UploadStore(project)
    const { uploadId } = await store.create()
    await store.addFiles(uploadId, body({ 'a/1.png': 'first' }))
    const again = await rejection(store.addFiles(uploadId, body({ 'a/1.png': 'second' })))
    expect(again).toMatchObject({ status: 400, message: expect.stringMatching(/"a\/1.png": already in this upload/) })
    expect(await readFile(join(uploadsFolder(project), `${uploadId}.partial`, 'a', '1.png'), 'utf8')).toBe('first')
    const other = await store.create()
    const twice = Buffer.concat([body({ 'x.png': '1' }), body({ 'x.png': '2' })])
    const sentTwice = await rejection(store.addFiles(other.uploadId, twice))
    expect(sentTwice).toMatchObject({ status: 400, message: expect.stringMatching(/sent twice/) })
  })

  test('a symlink inside the upload folder is never followed', async () => {
    const store = new UploadStore(project)
    const { uploadId } = await store.create()
    const partial = join(uploadsFolder(project), `${uploadId}.partial`)
    await symlink(outside, join(partial, 'evil'))
    await symlink(join(outside, 'precious.txt'), join(partial, 'link.png'))
    const throughFolder = await rejection(store.addFiles(uploadId, body({ 'evil/x.png': 'evil' })))
    expect(throughFolder).toMatchObject({ status: 400, message: expect.stringMatching(/"evil" is a link in this upload/) })
    const second = await store.create()
    const secondPartial = join(uploadsFolder(project), `${second.uploadId}.partial`)
    await symlink(join(outside, 'precious.txt'), join(secondPartial, 'link.png'))
    const overLink = await rejection(store.addFiles(second.uploadId, body({ 'link.png': 'evil' })))
    expect(overLink).toMatchObject({ status: 400 })
    expect(await listTree(outside)).toEqual(['precious.txt'])
    expect(await readFile(join(outside, 'precious.txt'), 'utf8')).toBe('keep me')
  })

  test('after a request fails half-way the upload can only be discarded', async () => {
    const store = new UploadStore(project)
    const { uploadId } = await store.create()
    await store.addFiles(uploadId, body({ a: 'file' }))
    expect(await rejection(store.addFiles(uploadId, body({ 'a/b.png': 'x' })))).toMatchObject({ status: 400 })
    const later = await rejection(store.addFiles(uploadId, body({ 'c.png': 'x' })))
    expect(later).toMatchObject({ status: 409, message: expect.stringMatching(/failed earlier .*discard it and start again/) })
    expect(await rejection(store.finish(uploadId))).toMatchObject({ status: 409 })
    await store.discard(uploadId)
    expect(await readdir(uploadsFolder(project))).toEqual([])
  })
})

import { describe, expect, test } from 'vitest'
import { uploadFolder } from '../../../renderer/api/uploadClient'
import type { UploadProgress, UploadTransport } from '../../../renderer/api/uploadClient'

const ID = 'ab'.repeat(16)
type Call = { method: string; path: string; body: unknown }

/** Plays the server: answers every request, counts requests in flight, can fail the n-th /files request. */
function fakeServer(options: { failFilesRequest?: number; maxRequestBytes?: number; delayMs?: number } = {}) {
  const calls: Call[] = []
  let inFlight = 0
  let maxInFlight = 0
  let filesRequests = 0
  let clock = 0
  const transport: UploadTransport = {
    baseUrl: 'http://studio',
    token: 't0k',
    now: () => clock,
    async fetch(url, init) {
      const { pathname, searchParams } = new URL(url)
      expect(searchParams.get('token')).toBe('t0k')
      calls.push({ method: init.method ?? 'GET', path: pathname, body: init.body })
      const json = (status: number, value: unknown) => new Response(JSON.stringify(value), { status })
      if (pathname === '/upload') {
        return json(201, { uploadId: ID, limits: { maxRequestBytes: options.maxRequestBytes ?? 32 << 20 } })
      }
      if (pathname.endsWith('/files')) {
        const index = ++filesRequests
        inFlight++
        maxInFlight = Math.max(maxInFlight, inFlight)
        try {
          await new Promise<void>((resolve, reject) => {
            const timer = setTimeout(resolve, options.delayMs ?? 5)
            init.signal?.addEventListener('abort', () => {
              clearTimeout(timer)
              reject(init.signal?.reason)
            })
          })
        } finally {
          inFlight--
        }
        clock += 1000
        return index === options.failFilesRequest ? json(400, { error: `file path "x": expected something else` }) : json(200, {})
      }
      if (pathname.endsWith('/finish')) {
        return json(200, { uploadId: ID })
      }
      return json(200, { uploadId: ID, discarded: true })
    },
  }
  return { transport, calls, maxInFlight: () => maxInFlight }
}

function files(count: number, size: number) {
  return Array.from({ length: count }, (_, index) => ({ relativePath: `c/${index}.png`, file: new Blob([new Uint8Array(size)]) }))
}

describe('upload client', () => {
  test('creates, sends chunks two at a time, finishes, and reports progress that ends at the totals', async () => {
    // The server's request limit (1000 bytes) is below the usual chunk size, so chunks shrink to it.
    const server = fakeServer({ maxRequestBytes: 1000 })
    const progress: UploadProgress[] = []
    const picked = files(10, 450) // two files (2 × 8 + 2 × 7 + 900 bytes) per chunk: five requests
    const result = await uploadFolder(picked, { onProgress: (step) => progress.push(step) }, server.transport)
    expect(result).toEqual({ uploadId: ID, files: 10, bytes: 4500, skipped: [] })
    expect(server.calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      'POST /upload',
      ...Array(5).fill(`POST /upload/${ID}/files`),
      `POST /upload/${ID}/finish`,
    ])
    expect(server.calls[0].body).toBeUndefined()
    expect(server.maxInFlight()).toBe(2)
    expect(progress[0]).toMatchObject({ files: 0, bytes: 0, totalFiles: 10 })
    expect(progress.at(-1)).toMatchObject({ files: 10, bytes: result.bytes, totalFiles: 10, totalBytes: result.bytes })
    // The fake clock moves 1 s per answered request: the rate is bytes over those seconds.
    expect(progress.at(-1)!.bytesPerSecond).toBeCloseTo(result.bytes / 5)
  })

  test('a file larger than the server takes per request is left out and reported', async () => {
    const server = fakeServer({ maxRequestBytes: 1000 })
    const huge = { relativePath: 'c/huge.png', file: new Blob([new Uint8Array(5000)]) }
    const result = await uploadFolder([...files(3, 100), huge], {}, server.transport)
    expect(result.files).toBe(3)
    const reason = expect.stringMatching(/5000 bytes: larger than one upload request may be \(1000 bytes\)/)
    expect(result.skipped).toEqual([{ relativePath: 'c/huge.png', reason }])
    const onlyHuge = fakeServer({ maxRequestBytes: 1000 })
    await expect(uploadFolder([huge], {}, onlyHuge.transport)).rejects.toThrow(/every file is larger/)
    expect(onlyHuge.calls.at(-1)).toMatchObject({ method: 'DELETE', path: `/upload/${ID}` })
  })

  test('a failed request stops the upload, deletes it on the server and rejects with the server message', async () => {
    const server = fakeServer({ failFilesRequest: 2, maxRequestBytes: 1000 })
    await expect(uploadFolder(files(20, 450), {}, server.transport)).rejects.toThrow('file path "x": expected something else')
    const sent = server.calls.filter((call) => call.path.endsWith('/files')).length
    expect(sent).toBeLessThan(10)
    expect(server.calls.at(-1)).toMatchObject({ method: 'DELETE', path: `/upload/${ID}` })
    expect(server.calls.some((call) => call.path.endsWith('/finish'))).toBe(false)
  })

  test('cancel aborts the requests in flight, deletes the upload and rejects with an AbortError', async () => {
    const server = fakeServer({ delayMs: 50, maxRequestBytes: 1000 })
    const controller = new AbortController()
    const running = uploadFolder(files(20, 450), { signal: controller.signal }, server.transport)
    setTimeout(() => controller.abort(), 70)
    await expect(running).rejects.toMatchObject({ name: 'AbortError' })
    expect(server.calls.at(-1)).toMatchObject({ method: 'DELETE', path: `/upload/${ID}` })
    expect(server.calls.filter((call) => call.path.endsWith('/files')).length).toBeLessThan(10)
  })

  test('nothing to send, or an unexpected answer, is an error', async () => {
    await expect(uploadFolder([], {}, fakeServer().transport)).rejects.toThrow('the folder has no files to upload')
    const wrong: UploadTransport = { ...fakeServer().transport, fetch: async () => new Response('{"uploadId":"../x"}', { status: 201 }) }
    await expect(uploadFolder(files(1, 1), {}, wrong)).rejects.toThrow(/the server answered .*expected \{ uploadId, limits \}/)
    const forbidden: UploadTransport = {
      ...fakeServer().transport,
      fetch: async () => new Response('Forbidden: open the URL', { status: 403 }),
    }
    await expect(uploadFolder(files(1, 1), {}, forbidden)).rejects.toThrow('POST /upload: HTTP 403 Forbidden: open the URL')
  })
})

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createRendererProtocolHandler } from '../../../main/electron/rendererProtocol'

const POLICY = "default-src 'self'"
let root: string
let handler: ReturnType<typeof createRendererProtocolHandler>

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'renderer-protocol-'))
  const rendererDir = join(root, 'renderer')
  await mkdir(join(rendererDir, 'assets'), { recursive: true })
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>CNN Studio</title>')
  await writeFile(join(rendererDir, 'assets', 'index-abc.js'), 'export const x = 1')
  await writeFile(join(root, 'secret.txt'), 'not part of the renderer')
  handler = createRendererProtocolHandler({ rendererDir, contentSecurityPolicy: POLICY })
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

const get = (url: string) => handler({ url, method: 'GET' })

describe('cnn-studio:// protocol handler', () => {
  test('serves the page with the CSP header and a sniff-proof content type', async () => {
    const response = await get('cnn-studio://app/index.html')
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('<!doctype html><title>CNN Studio</title>')
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': POLICY,
      'x-content-type-options': 'nosniff',
    })
  })

  test('serves module scripts as JavaScript', async () => {
    const response = await get('cnn-studio://app/assets/index-abc.js')
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await response.text()).toBe('export const x = 1')
  })

  test.each([
    'cnn-studio://app/../secret.txt',
    'cnn-studio://app/%2e%2e/secret.txt',
    'cnn-studio://app/assets/..%2f..%2fsecret.txt',
    'cnn-studio://app/missing.js',
    'cnn-studio://app/assets',
    'cnn-studio://other/index.html',
  ])('%s is not found', async (url) => {
    const response = await get(url)
    expect(response.status).toBe(404)
    expect(await response.text()).not.toContain('not part of the renderer')
  })

  test('only GET and HEAD', async () => {
    expect((await handler({ url: 'cnn-studio://app/index.html', method: 'POST' })).status).toBe(405)
    const head = await handler({ url: 'cnn-studio://app/index.html', method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
  })
})

import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import type { StudioEvent } from '../../../app/protocol/studioApi'
import { STUDIO_METHODS } from '../../../app/protocol/studioApi'
import { fake, fakeApp, FakePort } from './fakeElectron'

// main.ts is the one file that needs Electron at run time; here it runs against fakeElectron.ts, which
// records what it is asked to do. This is the only run-time check of the wiring: Electron cannot start here.
vi.mock('electron', async () => (await import('./fakeElectron')).fakeElectronModule())
vi.mock('../../../main/services/studioService', async () => ({
  StudioService: (await import('./fakeElectron')).FakeStudioService,
}))

const OUR_PAGE = 'cnn-studio://app/index.html'
const warnings = vi.spyOn(console, 'warn').mockImplementation(() => {})
const warned = () => warnings.mock.calls.map(([message]) => String(message))

function windowEvent(overrides: { url?: string } = {}) {
  const contents = fake.windows[0].webContents
  return { sender: contents, senderFrame: { url: overrides.url ?? OUR_PAGE, parent: null } }
}

beforeAll(async () => {
  await import('../../../main/electron/main')
})

afterAll(() => {
  warnings.mockRestore()
  rmSync(fake.userData, { recursive: true, force: true })
})

describe('main.ts wiring (against a fake electron)', () => {
  test('before ready: sandbox for all renderers, our scheme privileged, single-instance lock', () => {
    expect(fake.calls).toEqual(['app.enableSandbox', 'app.requestSingleInstanceLock'])
    expect(fake.privilegedSchemes).toEqual([
      { scheme: 'cnn-studio', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ])
    expect(fake.windows).toEqual([])
  })

  test('on ready: one secure window loading our page, the services built on the project folder', async () => {
    fake.resolveReady()
    await vi.waitFor(() => expect(fake.windows).toHaveLength(1))
    const window = fake.windows[0]
    expect(window.loadedUrls).toEqual([OUR_PAGE])
    expect(window.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false })
    expect(String(window.options.webPreferences?.preload)).toMatch(/[/\\]preload[/\\]preload\.cjs$/)
    expect(fake.services).toHaveLength(1)
    expect(fake.services[0].options).toMatchObject({
      projectDir: join(fake.userData, 'userData', 'projects', 'default'),
      host: 'electron',
      appVersion: '1.2.3',
    })
    window.emit('ready-to-show')
    expect(window.isShown).toBe(true)
  })

  test('every studio method has an invoke handler, plus the trainer connect message', () => {
    expect([...fake.invokeHandlers.keys()].sort()).toEqual([...STUDIO_METHODS].sort())
    expect([...fake.messageListeners.keys()]).toEqual(['trainer:connect'])
  })

  test('an invoke from our page reaches the service; one from elsewhere does not', async () => {
    const handler = fake.invokeHandlers.get('app:info')!
    expect(await handler(windowEvent(), {})).toEqual({
      ok: true,
      result: { answeredBy: 'fake service', method: 'app:info' },
    })
    const refused = await handler(windowEvent({ url: 'https://evil.example/' }), {})
    expect(refused).toMatchObject({ ok: false, error: { name: 'ForbiddenSenderError' } })
    expect(fake.services[0].handled).toEqual([['app:info', {}]])
    expect(warned()).toContain(
      `[cnn-studio] IPC 'app:info' refused: the page "https://evil.example/" is not CNN Studio's own page`,
    )
  })

  test('the page is served by our scheme with the CSP header', async () => {
    const handler = fake.protocolHandlers.get('cnn-studio')!
    const response = await handler({ url: 'cnn-studio://app/does-not-exist.js', method: 'GET' })
    expect(response.status).toBe(404)
    let answer: unknown
    fake.headersListener!({ url: 'cnn-studio://app/index.html', responseHeaders: {} }, (response) => (answer = response))
    expect(answer).toEqual({
      responseHeaders: { 'Content-Security-Policy': [expect.stringContaining("script-src 'self';")] },
    })
  })

  test('navigation and new windows are guarded on the window', () => {
    const contents = fake.windows[0].webContents
    expect(contents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' })
    expect(fake.openedExternally).toEqual(['https://example.com/'])
    let isPrevented = false
    contents.emit('will-navigate', { preventDefault: () => (isPrevented = true) }, 'file:///etc/passwd')
    expect(isPrevented).toBe(true)
  })

  test('permission requests are denied', () => {
    let isGranted: boolean | null = null
    fake.permissionRequestHandler!(fake.windows[0].webContents, 'media', (answer) => (isGranted = answer))
    expect(isGranted).toBe(false)
  })

  test('trainer:connect forks the trainer next to main.js and brokers a port pair', () => {
    fake.messageListeners.get('trainer:connect')!(windowEvent())
    expect(fake.forks).toHaveLength(1)
    const [{ modulePath, args, options, child }] = fake.forks
    expect(modulePath).toMatch(/[/\\]trainerProcess\.js$/)
    expect(args).toEqual(['--project', join(fake.userData, 'userData', 'projects', 'default')])
    expect(options).toEqual({ serviceName: 'CNN Studio trainer' })
    expect(child.posted).toEqual([{ message: { type: 'connectPort' }, transfer: [expect.any(FakePort)] }])
    const posted = fake.windows[0].webContents.posted
    expect(posted).toEqual([{ channel: 'trainer:port', message: null, transfer: [expect.any(FakePort)] }])
    expect(posted[0].transfer![0]).not.toBe(child.posted[0].transfer![0])
  })

  test('trainer:connect from a foreign page starts nothing', () => {
    fake.messageListeners.get('trainer:connect')!(windowEvent({ url: 'https://evil.example/' }))
    expect(fake.forks).toHaveLength(1)
    expect(fake.forks[0].child.posted).toHaveLength(1)
    expect(warned().filter((message) => message.includes("IPC 'trainer:connect' refused"))).toHaveLength(1)
  })

  test('service events are forwarded to the window, except trainer events, which have their own port', () => {
    const event: StudioEvent = { type: 'trainerExited', code: 1, signal: null, message: 'gone' }
    const trainerEvent: StudioEvent = { type: 'trainer', event: { type: 'state', state: 'running', runId: 'r' } }
    fake.services[0].listeners.forEach((listener) => listener(trainerEvent))
    fake.services[0].listeners.forEach((listener) => listener(event))
    expect(fake.windows[0].webContents.sent).toEqual([['studio:event', event]])
  })

  test('quitting disposes the service and kills the trainer before letting the app quit', async () => {
    let preventCount = 0
    fakeApp.emit('will-quit', { preventDefault: () => (preventCount += 1) })
    expect(preventCount).toBe(1)
    await vi.waitFor(() => expect(fake.calls).toContain('app.quit'))
    expect(fake.services[0].disposeCount).toBe(1)
    expect(fake.forks[0].child.killCount).toBe(1)
    fakeApp.emit('will-quit', { preventDefault: () => (preventCount += 1) })
    expect(preventCount).toBe(1)
  })
})

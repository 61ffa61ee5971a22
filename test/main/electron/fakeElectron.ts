// Stand-ins for the parts of the 'electron' module main.ts uses, recording what the shell does with them, and a
// stand-in StudioService. main.test.ts mocks 'electron' with fakeElectronModule() so main.ts runs under Node;
// the fake ports and utility process also serve the smaller tests. Behaviour follows Electron's docs only as
// far as main.ts relies on it.

import { EventEmitter } from 'node:events'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { StudioEvent } from '../../../app/protocol/studioApi'

export class FakePort {
  isClosed = false
  close(): void {
    this.isClosed = true
  }
}

export class FakeWebContents extends EventEmitter {
  static nextId = 1
  readonly id = FakeWebContents.nextId++
  readonly sent: [string, unknown][] = []
  readonly posted: { channel: string; message: unknown; transfer: unknown[] | undefined }[] = []
  windowOpenHandler: ((details: { url: string }) => unknown) | null = null
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload])
  }
  postMessage(channel: string, message: unknown, transfer?: unknown[]): void {
    this.posted.push({ channel, message, transfer })
  }
  setWindowOpenHandler(handler: (details: { url: string }) => unknown): void {
    this.windowOpenHandler = handler
  }
  isDestroyed(): boolean {
    return false
  }
}

export class FakeUtilityProcess extends EventEmitter {
  readonly posted: { message: unknown; transfer: unknown[] | undefined }[] = []
  killCount = 0
  postMessage(message: unknown, transfer?: unknown[]): void {
    this.posted.push({ message, transfer })
  }
  kill(): boolean {
    this.killCount += 1
    return true
  }
}

type PermissionRequestHandler = (contents: unknown, permission: string, callback: (isGranted: boolean) => void) => void

function createState(userData = '') {
  let resolveReady: () => void = () => {}
  const readyPromise = new Promise<void>((resolve) => (resolveReady = resolve))
  return {
    userData,
    resolveReady,
    readyPromise,
    calls: [] as string[],
    privilegedSchemes: [] as unknown[],
    protocolHandlers: new Map<string, (request: { url: string; method: string }) => Promise<Response>>(),
    invokeHandlers: new Map<string, (event: unknown, params: unknown) => Promise<unknown>>(),
    messageListeners: new Map<string, (event: unknown) => void>(),
    windows: [] as FakeBrowserWindow[],
    forks: [] as { modulePath: string; args: string[]; options: unknown; child: FakeUtilityProcess }[],
    openedExternally: [] as string[],
    headersListener: null as null | ((details: unknown, callback: (response: unknown) => void) => void),
    permissionRequestHandler: null as null | PermissionRequestHandler,
    services: [] as FakeStudioService[],
  }
}

export let fake = createState()
export const fakeApp = new EventEmitter()

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents()
  readonly loadedUrls: string[] = []
  isShown = false
  constructor(readonly options: { webPreferences?: Record<string, unknown> }) {
    super()
    fake.windows.push(this)
    fakeApp.emit('web-contents-created', {}, this.webContents)
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url)
  }
  show(): void {
    this.isShown = true
  }
  isMinimized(): boolean {
    return false
  }
  restore(): void {}
  focus(): void {
    fake.calls.push('window.focus')
  }
}

export class FakeStudioService {
  readonly handled: [unknown, unknown][] = []
  readonly listeners: ((event: StudioEvent) => void)[] = []
  disposeCount = 0
  constructor(readonly options: Record<string, unknown>) {
    fake.services.push(this)
  }
  async handle(method: unknown, params: unknown): Promise<unknown> {
    this.handled.push([method, params])
    return { answeredBy: 'fake service', method }
  }
  subscribe(listener: (event: StudioEvent) => void): () => void {
    this.listeners.push(listener)
    return () => {}
  }
  async dispose(): Promise<void> {
    this.disposeCount += 1
  }
}

export function fakeElectronModule() {
  fake = createState(mkdtempSync(join(tmpdir(), 'fake-electron-')))
  fakeApp.removeAllListeners()
  const app = Object.assign(fakeApp, {
    isPackaged: true,
    enableSandbox: () => fake.calls.push('app.enableSandbox'),
    requestSingleInstanceLock: () => (fake.calls.push('app.requestSingleInstanceLock'), true),
    whenReady: () => fake.readyPromise,
    getPath: (name: string) => join(fake.userData, name),
    getVersion: () => '1.2.3',
    quit: () => fake.calls.push('app.quit'),
    exit: (code: number) => fake.calls.push(`app.exit(${code})`),
  })
  return {
    app,
    BrowserWindow: FakeBrowserWindow,
    MessageChannelMain: class {
      readonly port1 = new FakePort()
      readonly port2 = new FakePort()
    },
    dialog: { showErrorBox: (title: string, text: string) => fake.calls.push(`dialog: ${title}: ${text}`) },
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, params: unknown) => Promise<unknown>) =>
        fake.invokeHandlers.set(channel, handler),
      on: (channel: string, listener: (event: unknown) => void) => fake.messageListeners.set(channel, listener),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => fake.privilegedSchemes.push(...schemes),
      handle: (scheme: string, handler: (request: { url: string; method: string }) => Promise<Response>) =>
        fake.protocolHandlers.set(scheme, handler),
    },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (listener: typeof fake.headersListener) => (fake.headersListener = listener) },
        setPermissionRequestHandler: (handler: typeof fake.permissionRequestHandler) =>
          (fake.permissionRequestHandler = handler),
        setPermissionCheckHandler: () => {},
      },
    },
    shell: { openExternal: async (url: string) => void fake.openedExternally.push(url) },
    utilityProcess: {
      fork: (modulePath: string, args: string[], options: unknown) => {
        const child = new FakeUtilityProcess()
        fake.forks.push({ modulePath, args, options, child })
        return child
      },
    },
  }
}

// The Electron main process: wires Electron to the host services shared with serve mode (StudioService,
// TrainerHost). Only wiring lives here; every decision (window options, CSP, navigation, IPC sender checks,
// port brokering, shutdown) is in a module beside this file, unit-tested under Node.
// Built to out/main/main.js next to trainerProcess.js; the preload and renderer sit in ../preload, ../renderer.

import '../threadPool'
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  MessageChannelMain,
  protocol,
  session,
  shell,
  utilityProcess,
} from 'electron'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { serializeError } from '../../app/protocol/errors'
import type { StudioEvent } from '../../app/protocol/studioApi'
import { STUDIO_METHODS } from '../../app/protocol/studioApi'
import { StudioService } from '../services/studioService'
import { TrainerHost } from '../trainerHost'
import { contentSecurityPolicy } from './contentSecurityPolicy'
import { STUDIO_EVENT_CHANNEL, TRAINER_CONNECT_CHANNEL, TRAINER_PORT_CHANNEL } from './ipcChannels'
import { createStudioIpcRouter } from './ipcRouter'
import { createNavigationHandlers } from './navigationGuard'
import { isOwnPageUrl, RENDERER_SCHEME, resolveRendererLocation } from './rendererLocation'
import { createRendererProtocolHandler, RENDERER_SCHEME_PRIVILEGES } from './rendererProtocol'
import { installSessionSecurity } from './sessionSecurity'
import { createShutdown } from './shutdown'
import { brokerTrainerPort } from './trainerPortBroker'
import { utilityTrainerFork } from './utilityTrainerFork'
import { mainWindowOptions } from './windowOptions'

const outMainDir = path.dirname(fileURLToPath(import.meta.url))
const location = resolveRendererLocation({
  devServerUrl: process.env.ELECTRON_RENDERER_URL,
  isPackaged: app.isPackaged,
})
const isOwnUrl = (url: string): boolean => isOwnPageUrl(url, location)
let mainWindow: BrowserWindow | null = null

function log(message: string): void {
  console.warn(`[cnn-studio] ${message}`)
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(path.join(outMainDir, '../preload/preload.cjs')))
  window.once('ready-to-show', () => window.show())
  window.on('closed', () => {
    if (mainWindow === window) {
      mainWindow = null
    }
  })
  window.webContents.on('render-process-gone', (_event, details) => {
    log(`the window's renderer ended: ${details.reason}`)
  })
  void window.loadURL(location.url)
  return window
}

function sendToPage(event: StudioEvent): void {
  const contents = mainWindow?.webContents
  if (contents && !contents.isDestroyed()) {
    contents.send(STUDIO_EVENT_CHANNEL, event)
  }
}

function installNavigationGuard(): void {
  const navigation = createNavigationHandlers(location, (url) => void shell.openExternal(url), log)
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', navigation.willNavigate)
    contents.on('will-redirect', navigation.willNavigate)
    contents.setWindowOpenHandler(navigation.windowOpen)
    contents.on('will-attach-webview', (event) => event.preventDefault())
  })
}

function installIpc(service: StudioService, trainerHost: TrainerHost): void {
  const policy = { trustedContentsId: () => mainWindow?.webContents.id ?? null, isOwnPageUrl: isOwnUrl }
  const router = createStudioIpcRouter({ service, policy, log })
  for (const method of STUDIO_METHODS) {
    ipcMain.handle(method, (event, params) => router.invoke(method, event, params))
  }
  ipcMain.on(TRAINER_CONNECT_CHANNEL, (event) => {
    if (!router.acceptsMessage(TRAINER_CONNECT_CHANNEL, event)) {
      return
    }
    try {
      brokerTrainerPort({
        createChannel: () => new MessageChannelMain(),
        startTrainer: () => trainerHost.ensureStarted(),
        deliverToPage: (port) => event.sender.postMessage(TRAINER_PORT_CHANNEL, null, [port]),
      })
    } catch (error) {
      log((error as Error).message)
      sendToPage({ type: 'trainer', event: { type: 'error', error: serializeError(error), command: null } })
    }
  })
}

function installQuitHandling(service: StudioService, trainerHost: TrainerHost): void {
  const shutdown = createShutdown(
    [
      { name: 'studio service', run: () => service.dispose() },
      { name: 'trainer host', run: () => trainerHost.dispose() },
    ],
    { timeoutMs: 5_000, log },
  )
  let hasShutDown = false
  app.on('will-quit', (event) => {
    if (hasShutDown) {
      return
    }
    event.preventDefault()
    void shutdown().then(() => {
      hasShutDown = true
      app.quit()
    })
  })
}

async function startStudio(): Promise<void> {
  const projectDir = path.join(app.getPath('userData'), 'projects', 'default')
  await mkdir(projectDir, { recursive: true })

  const policy = contentSecurityPolicy(location.isDevServer ? { devServerOrigin: location.origin } : {})
  installSessionSecurity(session.defaultSession, { contentSecurityPolicy: policy, isOwnUrl, log })
  const rendererDir = path.join(outMainDir, '../renderer')
  protocol.handle(RENDERER_SCHEME, createRendererProtocolHandler({ rendererDir, contentSecurityPolicy: policy }))
  installNavigationGuard()

  const forkTrainer = utilityTrainerFork(
    (modulePath, args, options) => utilityProcess.fork(modulePath, args, options),
    path.join(outMainDir, 'trainerProcess.js'),
    projectDir,
  )
  const trainerHost = new TrainerHost(forkTrainer)
  const service = new StudioService({ projectDir, host: 'electron', trainerHost, appVersion: app.getVersion() })
  // Trainer events reach the page over its own MessagePort; relaying them here too would deliver each twice.
  service.subscribe((event) => {
    if (event.type !== 'trainer') {
      sendToPage(event)
    }
  })
  installIpc(service, trainerHost)
  installQuitHandling(service, trainerHost)

  mainWindow = createWindow()
  app.on('activate', () => {
    if (mainWindow === null) {
      mainWindow = createWindow()
    }
  })
}

// Both must happen before 'ready': every renderer sandboxed, our scheme a real (standard, secure) origin.
app.enableSandbox()
protocol.registerSchemesAsPrivileged([{ scheme: RENDERER_SCHEME, privileges: RENDERER_SCHEME_PRIVILEGES }])

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) {
        mainWindow.restore()
      }
      mainWindow.focus()
    }
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') {
      app.quit()
    }
  })
  app
    .whenReady()
    .then(startStudio)
    .catch((error: unknown) => {
      dialog.showErrorBox('CNN Studio could not start', (error as Error).stack ?? String(error))
      app.exit(1)
    })
}

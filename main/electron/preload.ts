// The preload of the studio window (sandboxed, context-isolated): exposes window.studio and nothing else.
// Built as one CommonJS file (out/preload/preload.cjs) because a sandboxed preload can require only
// 'electron'; everything else it imports is bundled in. The logic is in preloadBridge.ts.

import { contextBridge, ipcRenderer, webUtils } from 'electron'
import { createStudioBridge } from './preloadBridge'

// The isolated world's window is the page's window; only postMessage is used, so no DOM lib is needed.
declare const window: { postMessage(message: unknown, targetOrigin: string, transfer: unknown[]): void }

const bridge = createStudioBridge({
  ipcRenderer,
  getPathForFile: (file) => webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0]),
  // Target '*': this window only ever shows our own page (navigation is denied), and the page checks
  // event.source; the data is a fixed tag, the port is the only thing of value.
  postToPage: (message, ports) => window.postMessage(message, '*', ports),
})

contextBridge.exposeInMainWorld('studio', bridge)

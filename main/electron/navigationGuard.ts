// What a web contents may navigate to or open: its own page only. Links to the web (http/https) open in the
// user's browser instead; every other scheme (file:, javascript:, custom ones) goes nowhere. Handlers are
// plain functions so tests call them directly; main.ts attaches them to every web contents.

import type { RendererLocation } from './rendererLocation'
import { isOwnPageUrl } from './rendererLocation'

export type NavigationHandlers = Readonly<{
  /** For webContents 'will-navigate' (and 'will-redirect'). */
  willNavigate(event: { preventDefault(): void }, url: string): void
  /** For webContents.setWindowOpenHandler: never a second window. */
  windowOpen(details: { url: string }): { action: 'deny' }
}>

export function isWebLink(url: string): boolean {
  try {
    const { protocol } = new URL(url)
    return protocol === 'https:' || protocol === 'http:'
  } catch {
    return false
  }
}

export function createNavigationHandlers(
  location: RendererLocation,
  openExternal: (url: string) => void,
  log: (message: string) => void,
): NavigationHandlers {
  function sendAway(url: string, what: string): void {
    if (isWebLink(url)) {
      openExternal(url)
    } else {
      log(`navigation guard: blocked ${what} to ${JSON.stringify(url)}`)
    }
  }
  return {
    willNavigate(event, url) {
      if (isOwnPageUrl(url, location)) {
        return // a reload of our own page (or Vite's full reload in dev)
      }
      event.preventDefault()
      sendAway(url, 'a navigation')
    },
    windowOpen(details) {
      sendAway(details.url, 'a new window')
      return { action: 'deny' }
    },
  }
}

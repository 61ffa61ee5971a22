// Where the studio page comes from, and the one test of "is this URL our page": the built renderer served
// by our own privileged scheme (cnn-studio://app/…), or, in `electron-vite dev` only, the local Vite dev
// server. IPC sender checks, the navigation guard and the CSP header all ask isOwnPageUrl.

/** Our scheme: standard + secure, so the page gets a real origin instead of file://'s access to every file. */
export const RENDERER_SCHEME = 'cnn-studio'
export const RENDERER_HOST = 'app'

export type RendererLocation = Readonly<{
  /** What the window loads. */
  url: string
  /** scheme://host[:port], the page's origin written out (WHATWG URL gives 'null' for custom schemes). */
  origin: string
  isDevServer: boolean
}>

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]']

function originOf(url: URL): string {
  return `${url.protocol}//${url.host}`
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text)
  } catch {
    return null
  }
}

/**
 * The dev server URL (ELECTRON_RENDERER_URL, set by `electron-vite dev`) is honoured only in an unpackaged
 * app and only on this machine: a packaged app must never load a page named by its environment.
 */
export function resolveRendererLocation(options: {
  devServerUrl: string | undefined
  isPackaged: boolean
}): RendererLocation {
  const { devServerUrl, isPackaged } = options
  if (devServerUrl && !isPackaged) {
    const url = parseUrl(devServerUrl)
    if (url === null || url.protocol !== 'http:' || !LOOPBACK_HOSTS.includes(url.hostname)) {
      throw new Error(
        `ELECTRON_RENDERER_URL: got ${JSON.stringify(devServerUrl)}, expected an http:// URL on localhost ` +
          '(the Vite dev server that `electron-vite dev` starts)',
      )
    }
    return { url: url.href, origin: originOf(url), isDevServer: true }
  }
  return {
    url: `${RENDERER_SCHEME}://${RENDERER_HOST}/index.html`,
    origin: `${RENDERER_SCHEME}://${RENDERER_HOST}`,
    isDevServer: false,
  }
}

/** Whether `url` is a page or resource of ours: same scheme, host and port as the renderer location. */
export function isOwnPageUrl(url: string, location: RendererLocation): boolean {
  const parsed = parseUrl(url)
  return parsed !== null && originOf(parsed) === location.origin
}

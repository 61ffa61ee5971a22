// Session-wide rules: the CSP header on every response of our own origin (this is what covers the Vite dev
// server, whose responses we do not build), and no web permission (camera, notifications, clipboard read, …)
// for anyone: the studio needs none. Takes a session-shaped object so tests pass a fake one.

export type ResponseHeaders = Record<string, string | string[]>

export type SessionLike = {
  webRequest: {
    onHeadersReceived(
      listener: (
        details: { url: string; responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders?: ResponseHeaders }) => void,
      ) => void,
    ): void
  }
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (isGranted: boolean) => void) => void,
  ): void
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void
}

export type SessionSecurityOptions = Readonly<{
  contentSecurityPolicy: string
  /** Which responses get the policy: our page's origin only (DevTools and the like keep their own). */
  isOwnUrl: (url: string) => boolean
  log: (message: string) => void
}>

/** The response headers with our policy, replacing any policy the server sent (in whatever letter case). */
export function withContentSecurityPolicy(
  headers: Record<string, string[]> | undefined,
  policy: string,
): ResponseHeaders {
  const result: ResponseHeaders = {}
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') {
      result[name] = value
    }
  }
  result['Content-Security-Policy'] = [policy]
  return result
}

export function installSessionSecurity(session: SessionLike, options: SessionSecurityOptions): void {
  const { contentSecurityPolicy, isOwnUrl, log } = options
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!isOwnUrl(details.url)) {
      callback({})
      return
    }
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, contentSecurityPolicy) })
  })
  session.setPermissionRequestHandler((_webContents, permission, callback) => {
    log(`permission request denied: ${permission}`)
    callback(false)
  })
  session.setPermissionCheckHandler(() => false)
}

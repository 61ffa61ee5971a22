// The Content-Security-Policy of the studio window: only our own bundled scripts run, nothing is fetched
// from elsewhere, no plugins, frames or form posts. The development variant adds only what Vite's dev
// server needs (its inline React-refresh preamble, injected <style> tags, the HMR WebSocket).

export type ContentSecurityPolicyOptions = Readonly<{
  /** The Vite dev server's origin (http://localhost:5173) in `electron-vite dev`; absent in a build. */
  devServerOrigin?: string
}>

type Directives = Record<string, readonly string[]>

// Same directives as serve mode's policy (main/serve/serveServer.ts), where the renderer is tested end to end
// in Chromium, plus form-action. 'unsafe-inline' for styles only: React's style={{}} goes through the CSSOM
// (not restricted), but a library's injected <style> would be, and styles cannot run code.
const PRODUCTION_DIRECTIVES: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
}

function webSocketOrigin(httpOrigin: string): string {
  const url = new URL(httpOrigin)
  return `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`
}

export function contentSecurityPolicyDirectives(options: ContentSecurityPolicyOptions = {}): Directives {
  if (options.devServerOrigin === undefined) {
    return PRODUCTION_DIRECTIVES
  }
  return {
    ...PRODUCTION_DIRECTIVES,
    'script-src': ["'self'", "'unsafe-inline'"],
    'connect-src': ["'self'", webSocketOrigin(options.devServerOrigin)],
  }
}

/** The policy as one header value: "default-src 'self'; script-src 'self'; …". */
export function contentSecurityPolicy(options: ContentSecurityPolicyOptions = {}): string {
  return Object.entries(contentSecurityPolicyDirectives(options))
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ')
}

import { describe, expect, test } from 'vitest'
import { installSessionSecurity, withContentSecurityPolicy } from '../../../main/electron/sessionSecurity'
import type { SessionLike } from '../../../main/electron/sessionSecurity'

type HeadersListener = Parameters<SessionLike['webRequest']['onHeadersReceived']>[0]
type RequestHandler = Parameters<SessionLike['setPermissionRequestHandler']>[0]
type CheckHandler = Parameters<SessionLike['setPermissionCheckHandler']>[0]

function fakeSession() {
  const installed: { headers?: HeadersListener; request?: RequestHandler; check?: CheckHandler } = {}
  const session: SessionLike = {
    webRequest: { onHeadersReceived: (listener) => (installed.headers = listener) },
    setPermissionRequestHandler: (handler) => (installed.request = handler),
    setPermissionCheckHandler: (handler) => (installed.check = handler),
  }
  return { session, installed }
}

function setup() {
  const { session, installed } = fakeSession()
  const logged: string[] = []
  installSessionSecurity(session, {
    contentSecurityPolicy: "default-src 'self'",
    isOwnUrl: (url) => url.startsWith('http://localhost:5173/'),
    log: (message) => logged.push(message),
  })
  return { installed, logged }
}

function receiveHeaders(listener: HeadersListener, url: string, responseHeaders: Record<string, string[]>) {
  let answer: unknown
  listener({ url, responseHeaders }, (response) => (answer = response))
  return answer
}

describe('session security', () => {
  test('our responses get our CSP, replacing one the server sent in any letter case', () => {
    const { installed } = setup()
    const answer = receiveHeaders(installed.headers!, 'http://localhost:5173/', {
      'content-security-policy': ["default-src *"],
      'Content-Type': ['text/html'],
    })
    expect(answer).toEqual({
      responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': ["default-src 'self'"] },
    })
  })

  test('responses of other origins (DevTools and the like) pass unchanged', () => {
    const { installed } = setup()
    expect(receiveHeaders(installed.headers!, 'devtools://devtools/bundled/index.html', {})).toEqual({})
  })

  test('every permission request is denied and logged; every permission check says no', () => {
    const { installed, logged } = setup()
    const answers: boolean[] = []
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation']) {
      installed.request!(null, permission, (isGranted) => answers.push(isGranted))
    }
    expect(answers).toEqual([false, false, false, false])
    expect(logged).toEqual([
      'permission request denied: media',
      'permission request denied: notifications',
      'permission request denied: clipboard-read',
      'permission request denied: geolocation',
    ])
    expect(installed.check!(null, 'clipboard-sanitized-write')).toBe(false)
  })

  test('withContentSecurityPolicy copies the other headers and works without any', () => {
    expect(withContentSecurityPolicy(undefined, 'x')).toEqual({ 'Content-Security-Policy': ['x'] })
    expect(withContentSecurityPolicy({ A: ['1'], B: ['2', '3'] }, 'x')).toEqual({
      A: ['1'],
      B: ['2', '3'],
      'Content-Security-Policy': ['x'],
    })
  })
})

// The serve-mode access token: random, carried in the printed URL, then kept in a same-site cookie so the page's
// own asset and WebSocket requests carry it. Every HTTP and WebSocket request without it is refused.

import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export const TOKEN_COOKIE = 'cnn_studio_token'

export function createAccessToken(): string {
  return randomBytes(24).toString('base64url')
}

function sameToken(candidate: string | null | undefined, token: string): boolean {
  if (!candidate) {
    return false
  }
  const a = Buffer.from(candidate)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) {
      return rest.join('=')
    }
  }
  return null
}

/** How a request proved it holds the token: in its URL (first visit) or its cookie (everything after). */
export function tokenProof(request: IncomingMessage, token: string): 'query' | 'cookie' | null {
  const url = new URL(request.url ?? '/', 'http://localhost')
  if (sameToken(url.searchParams.get('token'), token)) {
    return 'query'
  }
  if (sameToken(cookieValue(request.headers.cookie, TOKEN_COOKIE), token)) {
    return 'cookie'
  }
  return null
}

export function tokenCookieHeader(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`
}

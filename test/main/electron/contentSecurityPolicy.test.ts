import { describe, expect, test } from 'vitest'
import { contentSecurityPolicy } from '../../../main/electron/contentSecurityPolicy'

/** Parses a policy string back into directive → sources, independently of how it was built. */
function parsePolicy(policy: string): Record<string, string[]> {
  const directives: Record<string, string[]> = {}
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/)
    expect(directives[name], `directive ${name} appears twice`).toBeUndefined()
    directives[name] = sources
  }
  return directives
}

describe('contentSecurityPolicy', () => {
  test('the built app allows only its own scripts, connections and resources', () => {
    expect(parsePolicy(contentSecurityPolicy())).toEqual({
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:', 'blob:'],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
      'frame-ancestors': ["'none'"],
    })
  })

  test('no unsafe-eval anywhere, no inline scripts outside development', () => {
    const policy = contentSecurityPolicy()
    expect(policy).not.toContain('unsafe-eval')
    expect(parsePolicy(policy)['script-src']).not.toContain("'unsafe-inline'")
  })

  test('development adds only the dev server needs: inline preamble script and the HMR socket', () => {
    const production = parsePolicy(contentSecurityPolicy())
    const development = parsePolicy(contentSecurityPolicy({ devServerOrigin: 'http://localhost:5173' }))
    expect(development['script-src']).toEqual(["'self'", "'unsafe-inline'"])
    expect(development['connect-src']).toEqual(["'self'", 'ws://localhost:5173'])
    const unchanged = Object.keys(production).filter((name) => name !== 'script-src' && name !== 'connect-src')
    for (const name of unchanged) {
      expect(development[name], name).toEqual(production[name])
    }
    expect(contentSecurityPolicy({ devServerOrigin: 'http://localhost:5173' })).not.toContain('unsafe-eval')
  })
})

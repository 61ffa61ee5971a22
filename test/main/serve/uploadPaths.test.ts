import { describe, expect, test } from 'vitest'
import { UploadError } from '../../../main/serve/uploadError'
import { MAX_PATH_CHARACTERS, MAX_PATH_DEPTH, expectUploadId, validateUploadPath } from '../../../main/serve/uploadPaths'

function refusal(path: string, platform: NodeJS.Platform = 'linux'): UploadError {
  try {
    validateUploadPath(path, platform)
  } catch (error) {
    expect(error).toBeInstanceOf(UploadError)
    return error as UploadError
  }
  throw new Error(`expected ${JSON.stringify(path)} to be refused`)
}

describe('upload paths', () => {
  test.each([
    ['cats/1.png', ['cats', '1.png']],
    ['single.png', ['single.png']],
    ['über étoile/bild 3.png', ['über étoile', 'bild 3.png']],
    ['a/.hidden/x', ['a', '.hidden', 'x']],
    ['...', ['...']],
  ])('accepts %j', (path, segments) => {
    expect(validateUploadPath(path)).toEqual(segments)
  })

  test('normalises to NFC, so a decomposed macOS name lands as the composed one', () => {
    const decomposed = 'u\u0308ber/x.png'
    expect(decomposed).not.toBe('über/x.png')
    expect(validateUploadPath(decomposed).join('/')).toBe('über/x.png')
  })

  test.each([
    ['', /non-empty relative path/],
    ['/etc/passwd', /no leading "\/"/],
    ['../outside.png', /no "\." or "\.\." segments/],
    ['cats/../../outside.png', /no "\." or "\.\." segments/],
    ['cats/./1.png', /no "\." or "\.\." segments/],
    ['cats//1.png', /no empty segments/],
    ['cats/', /no empty segments/],
    ['cats\\1.png', /never a backslash/],
    ['..\\outside.png', /never a backslash/],
    ['cats/a\u0000b.png', /control characters/],
    ['cats/a\nb.png', /control characters/],
    ['cats/a\u007fb.png', /control characters/],
  ])('refuses %j with status 400, naming the value and what was expected', (path, expected) => {
    const error = refusal(path)
    expect(error.status).toBe(400)
    expect(error.message).toMatch(expected)
    expect(error.message).toContain('file path')
  })

  test('limits the length in characters, the depth and each name in bytes', () => {
    const long = 'a'.repeat(MAX_PATH_CHARACTERS)
    expect(validateUploadPath(`${'b'.repeat(200)}/${'c'.repeat(200)}`)).toHaveLength(2)
    expect(refusal(`${long}/x`).message).toMatch(`at most ${MAX_PATH_CHARACTERS} characters`)
    // Characters, not UTF-16 units: an emoji-only name within the character limit is judged by its bytes instead.
    expect(refusal('😀'.repeat(64)).message).toMatch(/at most 255 UTF-8 bytes/)
    expect(validateUploadPath(Array(MAX_PATH_DEPTH).fill('d').join('/'))).toHaveLength(MAX_PATH_DEPTH)
    expect(refusal(Array(MAX_PATH_DEPTH + 1).fill('d').join('/')).message).toMatch(`at most ${MAX_PATH_DEPTH} levels`)
  })

  test('on Windows, refuses names Windows would misread', () => {
    expect(validateUploadPath('a:b/x.png', 'linux')).toEqual(['a:b', 'x.png'])
    expect(refusal('a:b/x.png', 'win32').message).toMatch(/this server runs on Windows/)
    expect(refusal('C:/Windows/x.png', 'win32').message).toMatch(/without <>:/)
    expect(refusal('cats./x.png', 'win32').message).toMatch(/ending in a dot/)
  })

  test('upload ids are 32 lowercase hex digits', () => {
    expect(expectUploadId('0123456789abcdef0123456789abcdef')).toBe('0123456789abcdef0123456789abcdef')
    for (const bad of ['', '0123', '0123456789ABCDEF0123456789ABCDEF', '../../etc/passwd', '0123456789abcdef0123456789abcdef.partial']) {
      expect(() => expectUploadId(bad)).toThrow(/expected 32 lowercase hex digits/)
    }
  })
})

import { describe, expect, test } from 'vitest'
import { createNavigationHandlers, isWebLink } from '../../../main/electron/navigationGuard'
import { resolveRendererLocation } from '../../../main/electron/rendererLocation'

function setup() {
  const opened: string[] = []
  const logged: string[] = []
  const location = resolveRendererLocation({ devServerUrl: undefined, isPackaged: true })
  const handlers = createNavigationHandlers(location, (url) => opened.push(url), (message) => logged.push(message))
  return { handlers, opened, logged }
}

function navigate(handlers: ReturnType<typeof setup>['handlers'], url: string): boolean {
  let isPrevented = false
  handlers.willNavigate({ preventDefault: () => (isPrevented = true) }, url)
  return isPrevented
}

describe('navigation guard', () => {
  test('our own page may reload', () => {
    const { handlers, opened } = setup()
    expect(navigate(handlers, 'cnn-studio://app/index.html')).toBe(false)
    expect(opened).toEqual([])
  })

  test('a web link is stopped in the window and opened in the browser', () => {
    const { handlers, opened } = setup()
    expect(navigate(handlers, 'https://pytorch.org/docs/')).toBe(true)
    expect(opened).toEqual(['https://pytorch.org/docs/'])
  })

  test.each(['file:///etc/passwd', 'javascript:alert(1)', 'cnn-studio://elsewhere/', 'smb://host/share'])(
    '%s is stopped and not opened anywhere',
    (url) => {
      const { handlers, opened, logged } = setup()
      expect(navigate(handlers, url)).toBe(true)
      expect(opened).toEqual([])
      expect(logged).toEqual([`navigation guard: blocked a navigation to ${JSON.stringify(url)}`])
    },
  )

  test('window.open is always denied; web links go to the browser', () => {
    const { handlers, opened, logged } = setup()
    expect(handlers.windowOpen({ url: 'https://example.com/' })).toEqual({ action: 'deny' })
    expect(handlers.windowOpen({ url: 'cnn-studio://app/index.html' })).toEqual({ action: 'deny' })
    expect(handlers.windowOpen({ url: 'file:///tmp/x.html' })).toEqual({ action: 'deny' })
    expect(opened).toEqual(['https://example.com/'])
    expect(logged).toHaveLength(2)
  })

  test('isWebLink accepts http and https only', () => {
    expect(['http://a.b/', 'https://a.b/', 'ftp://a.b/', 'mailto:x@y.z', 'nonsense'].map(isWebLink)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ])
  })
})

import { describe, expect, test } from 'vitest'
import { isOwnPageUrl, resolveRendererLocation } from '../../../main/electron/rendererLocation'

const bundled = resolveRendererLocation({ devServerUrl: undefined, isPackaged: true })
const dev = resolveRendererLocation({ devServerUrl: 'http://localhost:5173/', isPackaged: false })

describe('resolveRendererLocation', () => {
  test('a build loads the bundled page through our scheme', () => {
    expect(bundled).toEqual({ url: 'cnn-studio://app/index.html', origin: 'cnn-studio://app', isDevServer: false })
  })

  test('electron-vite dev loads the dev server', () => {
    expect(dev).toEqual({ url: 'http://localhost:5173/', origin: 'http://localhost:5173', isDevServer: true })
  })

  test('a packaged app ignores ELECTRON_RENDERER_URL', () => {
    expect(resolveRendererLocation({ devServerUrl: 'http://localhost:5173/', isPackaged: true })).toEqual(bundled)
  })

  test.each(['https://evil.example/', 'http://192.168.1.5:5173/', 'file:///tmp/index.html', 'not a url'])(
    'refuses a dev server URL that is not http on this machine: %s',
    (devServerUrl) => {
      expect(() => resolveRendererLocation({ devServerUrl, isPackaged: false })).toThrow(
        /ELECTRON_RENDERER_URL: got .*, expected an http:\/\/ URL on localhost/,
      )
    },
  )
})

describe('isOwnPageUrl', () => {
  test.each([
    ['cnn-studio://app/index.html', bundled, true],
    ['cnn-studio://app/assets/index-1234.js', bundled, true],
    ['cnn-studio://app/index.html#/train', bundled, true],
    ['cnn-studio://other/index.html', bundled, false],
    ['file:///opt/CNN Studio/resources/app.asar/out/renderer/index.html', bundled, false],
    ['https://app/index.html', bundled, false],
    ['http://localhost:5173/src/main.tsx', dev, true],
    ['http://localhost:5174/', dev, false],
    ['http://127.0.0.1:5173/', dev, false],
    ['cnn-studio://app/index.html', dev, false],
    ['', bundled, false],
    ['javascript:alert(1)', bundled, false],
  ] as const)('%s → %s', (url, location, expected) => {
    expect(isOwnPageUrl(url, location)).toBe(expected)
  })
})

import { describe, expect, test } from 'vitest'
import { mainWindowOptions } from '../../../main/electron/windowOptions'

describe('mainWindowOptions', () => {
  test('pins every security-relevant web preference', () => {
    expect(mainWindowOptions('/app/out/preload/preload.cjs').webPreferences).toEqual({
      preload: '/app/out/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    })
  })

  test('the window waits for ready-to-show and is named after the product', () => {
    const options = mainWindowOptions('/preload.cjs')
    expect(options.show).toBe(false)
    expect(options.title).toBe('CNN Studio')
  })
})

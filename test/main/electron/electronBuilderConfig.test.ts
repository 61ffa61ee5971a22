import { createRequire } from 'node:module'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'

// electron-builder's own loader and JSON-schema validation, the checks its CLI runs before packaging; they
// need no network (packaging itself would download Electron and the AppImage/deb tools).
const require = createRequire(import.meta.url)
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config')
const { DebugLogger } = require('builder-util')

const REPO = join(import.meta.dirname, '../../..')

async function loadConfig(): Promise<Record<string, any>> {
  return getConfig(REPO, 'electron-builder.yml', null)
}

describe('electron-builder.yml', () => {
  test('passes electron-builder schema validation', async () => {
    const config = await loadConfig()
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
  })

  test('the schema check used above does reject a wrong configuration', async () => {
    const config = { ...(await loadConfig()), filez: ['out/**'] }
    await expect(validateConfiguration(config, new DebugLogger(false))).rejects.toThrow(/unknown property 'filez'/)
  })

  test('packs only the build output from the project root, with sharp outside the asar', async () => {
    const config = await loadConfig()
    expect({
      appId: config.appId,
      productName: config.productName,
      directories: { app: config.directories.app, output: config.directories.output },
      // getConfig normalises `files` into file sets.
      files: config.files.flatMap((set: { filter: string[] }) => set.filter),
      asar: config.asar,
      asarUnpack: config.asarUnpack,
    }).toEqual({
      appId: 'org.cnnstudio.desktop',
      productName: 'CNN Studio',
      directories: { app: '.', output: 'dist' },
      files: ['out/**', 'package.json'],
      asar: true,
      asarUnpack: ['**/node_modules/sharp/**', '**/node_modules/@img/**'],
    })
  })

  test('targets: AppImage and deb on Linux, dmg on macOS, NSIS on Windows', async () => {
    const config = await loadConfig()
    expect([config.linux.target, config.mac.target, config.win.target]).toEqual([['AppImage', 'deb'], 'dmg', 'nsis'])
  })
})

import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, test } from 'vitest'

// Loading 'electron' at run time throws under Node (its binary is never downloaded here), so only the two
// entry files of the shell may do it; everything else must be testable with injected dependencies.
const REPO = join(import.meta.dirname, '../../..')
const RUNTIME_IMPORT = /^\s*import\s+(?!type\b)[^'"]*?from\s+['"]electron(\/[^'"]*)?['"]|require\(\s*['"]electron['"]\s*\)/m

function sourceFiles(folder: string): string[] {
  return readdirSync(join(REPO, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx|mts|cts)$/.test(entry.name))
    .map((entry) => relative(REPO, join(entry.parentPath, entry.name)))
}

describe('run-time electron imports', () => {
  test('the pattern tells a value import from a type import', () => {
    expect(RUNTIME_IMPORT.test("import { app } from 'electron'")).toBe(true)
    expect(RUNTIME_IMPORT.test("import type { App } from 'electron'")).toBe(false)
    expect(RUNTIME_IMPORT.test("const { app } = require('electron')")).toBe(true)
  })

  test('only main/electron/main.ts and preload.ts load electron', () => {
    const files = ['app', 'main', 'worker', 'renderer'].flatMap(sourceFiles)
    const importers = files.filter((file) => RUNTIME_IMPORT.test(readFileSync(join(REPO, file), 'utf8')))
    expect(importers.sort()).toEqual(['main/electron/main.ts', 'main/electron/preload.ts'])
  })
})

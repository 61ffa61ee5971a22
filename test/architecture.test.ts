// The folder rules of ARCHITECTURE.md, checked on every import in the tree: a wrong import fails here even
// where a tsconfig would not notice (for example main/ importing worker/, both Node).

import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve, dirname } from 'node:path'
import { describe, expect, test } from 'vitest'

const root = resolve(__dirname, '..')

function sourceFiles(folder: string): string[] {
  const files: string[] = []
  for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) {
      files.push(...sourceFiles(path))
    } else if (/\.(ts|tsx)$/.test(entry.name)) {
      files.push(path)
    }
  }
  return files
}

type Import = { file: string; specifier: string; target: string; isTypeOnly: boolean }

function importsOf(file: string): Import[] {
  const text = readFileSync(join(root, file), 'utf8')
  const pattern = /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm
  const found: Import[] = []
  for (const match of text.matchAll(pattern)) {
    const specifier = match[3] ?? match[4] ?? match[5]
    const target = specifier.startsWith('.') ? relative(root, resolve(root, dirname(file), specifier)) : specifier
    found.push({ file, specifier, target, isTypeOnly: Boolean(match[2]) })
  }
  return found
}

const all = ['app', 'main', 'worker', 'renderer'].flatMap(sourceFiles).flatMap(importsOf)
const violations = (predicate: (i: Import) => boolean) => all.filter(predicate).map((i) => `${i.file} -> ${i.specifier}`)
const under = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`)

describe('import rules', () => {
  test('the scan sees the tree', () => {
    expect(all.length).toBeGreaterThan(50)
  })

  test('app/ imports only app/: no Node built-ins, Electron, DOM packages or process folders', () => {
    expect(
      violations((i) => under(i.file, 'app') && (i.specifier.startsWith('.') ? !under(i.target, 'app') : !i.isTypeOnly)),
    ).toEqual([])
  })

  test('app/engine never imports app/protocol', () => {
    expect(violations((i) => under(i.file, 'app/engine') && under(i.target, 'app/protocol'))).toEqual([])
  })

  test('app/protocol and app/model, which the renderer uses, never import app/engine, not even types', () => {
    expect(
      violations((i) => (under(i.file, 'app/protocol') || under(i.file, 'app/model')) && under(i.target, 'app/engine')),
    ).toEqual([])
  })

  test('process folders never import each other', () => {
    const processes = ['main', 'worker', 'renderer']
    expect(
      violations((i) => {
        const own = processes.find((folder) => under(i.file, folder))
        return processes.some((folder) => folder !== own && under(i.target, folder))
      }),
    ).toEqual([])
  })

  test('the renderer never imports the engine (no training math on the UI thread) nor Node built-ins', () => {
    expect(
      violations((i) => under(i.file, 'renderer') && (under(i.target, 'app/engine') || i.specifier.startsWith('node:'))),
    ).toEqual([])
  })

  test('electron is imported at run time only inside main/electron/', () => {
    expect(violations((i) => i.specifier === 'electron' && !i.isTypeOnly && !under(i.file, 'main/electron'))).toEqual([])
  })
})

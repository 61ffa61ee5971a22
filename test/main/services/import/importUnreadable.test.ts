// A file without read permission and a folder that cannot be opened are per-file problems, not failures. chmod
// does not stop root, and CI runs as root: then the import runs in a child process that drops to the user
// 'nobody' (65534) before importing, over a fixture that user can reach. Otherwise it runs in this process.

import { execFile } from 'node:child_process'
import { chmod, chown, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { importDataset } from '../../../../main/services/import/importDataset'
import { colourNoisePng, writeTree } from '../imageFixtures'

const NOBODY = 65534
const isRoot = process.getuid?.() === 0
let root: string

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'import-unreadable-'))
  await chmod(root, 0o755) // mkdtemp makes it 0700: the unprivileged user must be able to reach the fixture
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

type ChildOutcome = {
  uid?: number
  classNames?: string[]
  count?: number
  problems?: { path: string; reason: string }[]
  error?: string
}

async function importAsNobody(source: string, projectDir: string): Promise<ChildOutcome> {
  const repository = fileURLToPath(new URL('../../../..', import.meta.url))
  const script = join('test', 'main', 'services', 'import', 'importAsUser.ts')
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(repository, 'scripts', 'run-ts.mjs'), script, source, projectDir, String(NOBODY)],
    { cwd: repository },
  ).catch((error: { stdout?: string; stderr?: string }) => {
    if (!error.stdout) {
      throw new Error(`the child import failed: ${error.stderr}`)
    }
    return { stdout: error.stdout }
  })
  return JSON.parse(stdout.trim().split('\n').pop() as string) as ChildOutcome
}

describe('unreadable files and folders', () => {
  test('are skipped with "no permission" reasons; the readable images import', async () => {
    const source = join(root, 'photos')
    await writeTree(source, {
      'cats/1.png': await colourNoisePng(6, 6, 1),
      'cats/secret.png': await colourNoisePng(6, 6, 2),
      'dogs/1.png': await colourNoisePng(6, 6, 3),
      'dogs/locked/inside.png': await colourNoisePng(6, 6, 4),
    })
    await chmod(join(source, 'cats', 'secret.png'), 0o000)
    await chmod(join(source, 'dogs', 'locked'), 0o000)
    const project = await mkdtemp(join(root, 'project-'))
    await chmod(project, 0o755)
    let outcome: ChildOutcome
    if (isRoot) {
      await chown(project, NOBODY, NOBODY)
      outcome = await importAsNobody(source, project)
      expect(outcome.uid).toBe(NOBODY)
    } else {
      const result = await importDataset(
        { source, settings: { preprocessing: { size: 8 } }, datasetId: 'locked' },
        { projectDir: project, write: true },
      )
      const { classNames, count } = result.dataset
      outcome = { classNames: [...classNames], count, problems: [...result.manifest.problems] }
    }
    expect(outcome.error).toBeUndefined()
    expect(outcome.classNames).toEqual(['cats', 'dogs'])
    expect(outcome.count).toBe(2)
    expect(outcome.problems).toEqual([
      { path: 'dogs/locked', reason: 'cannot read the folder (no permission to open it); its images are skipped' },
      { path: 'cats/secret.png', reason: 'no permission to read the file' },
    ])
    expect((await readdir(join(project, 'datasets', 'locked'))).sort()).toEqual(['dataset.cnnds', 'manifest.json'])
  })
})

// Serve mode's folder upload in real Chromium: a generated folder of a few hundred PNGs in class subfolders (names
// with spaces and non-ASCII, hidden files that must stay behind) goes up through the "Choose a folder…" input,
// through a real drop (Chromium walks it with webkitGetAsEntry), and is cancelled half-way on a slow link.
// The files on the server must be byte-identical to the originals, then the upload is imported.

import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { launchChromium, startServe } from './helpers'
import type { ServeProcess } from './helpers'

const TOP = 'Formen & Farben ü'
// One class over 100 files: Chromium's readEntries answers in batches of 100, so the walk must ask again.
const CLASSES = [['kreis', 130], ['quadrat groß', 90], ['étoile ★', 80]] as const

let root: string
let source: string
let projectDir: string
let serve: ServeProcess
let browser: Browser

async function makeFolder(): Promise<void> {
  for (const [classIndex, [className, count]] of CLASSES.entries()) {
    await mkdir(join(source, className), { recursive: true })
    for (let index = 0; index < count; index++) {
      // Noise makes every file different, so a mixed-up file would not compare equal by luck.
      const pixels = Buffer.from(Array.from({ length: 16 * 16 * 3 }, (_, i) => (i * 13 + index * 7 + classIndex * 101) % 256))
      const name = index % 10 === 0 ? `bild ${index} ü.png` : `${index}.png`
      await sharp(pixels, { raw: { width: 16, height: 16, channels: 3 } }).png().toFile(join(source, className, name))
    }
  }
  await writeFile(join(source, '.DS_Store'), 'finder litter')
  await writeFile(join(source, 'kreis', '._0.png'), 'resource fork')
}

/** Every visible file under a folder, '/'-separated and sorted. */
async function listFiles(folder: string, prefix = ''): Promise<string[]> {
  const found: string[] = []
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = `${prefix}${entry.name}`
    if (entry.isDirectory()) {
      found.push(...(await listFiles(join(folder, entry.name), `${path}/`)))
    } else {
      found.push(path)
    }
  }
  return found.sort()
}

async function finishedUploads(): Promise<string[]> {
  const names = await readdir(join(projectDir, 'uploads')).catch(() => [] as string[])
  return names.filter((name) => /^[0-9a-f]{32}$/.test(name)).sort()
}

/** Waits for one more finished upload than `before` and returns its id. */
async function nextUpload(before: readonly string[]): Promise<string> {
  await expect.poll(async () => (await finishedUploads()).length, { timeout: 60_000 }).toBe(before.length + 1)
  return (await finishedUploads()).find((id) => !before.includes(id))!
}

async function expectSameFiles(uploadId: string): Promise<void> {
  const uploaded = join(projectDir, 'uploads', uploadId, TOP)
  const expected = (await listFiles(source)).filter((path) => !path.split('/').some((part) => part.startsWith('.')))
  expect(expected).toHaveLength(300)
  expect(await listFiles(join(projectDir, 'uploads', uploadId))).toEqual(expected.map((path) => `${TOP}/${path}`))
  for (const path of expected) {
    const [original, copy] = await Promise.all([readFile(join(source, path)), readFile(join(uploaded, path))])
    expect(copy.equals(original), path).toBe(true)
  }
}

async function expectImported(page: Page): Promise<void> {
  await page.getByTestId('dataset-summary').waitFor({ timeout: 120_000 })
  await expect.poll(() => page.getByTestId('dataset-name').textContent(), { timeout: 60_000 }).toBe(TOP)
  const cards = page.getByTestId('class-card')
  const classNames = await cards.evaluateAll((found) => found.map((card) => card.getAttribute('data-class-name')))
  // The order of classes is the importer's business (its own tests); here: all three arrived, names intact.
  expect(classNames.sort()).toEqual(CLASSES.map(([name]) => name).sort())
  const counts = await page.getByTestId('class-count').allTextContents()
  expect(counts.map((text) => Number(text.replace(/\D/g, ''))).sort((a, b) => a - b)).toEqual([80, 90, 130])
}

async function openStudio(): Promise<{ page: Page; pageErrors: string[] }> {
  const page = await browser.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  await page.goto(serve.url)
  await page.getByTestId('sample-button').waitFor()
  return { page, pageErrors }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'e2e-upload-'))
  source = join(root, TOP)
  projectDir = join(root, 'project')
  await makeFolder()
  serve = await startServe(['--port', '0', '--project', projectDir])
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await serve?.stop()
  await rm(root, { recursive: true, force: true })
})

describe('folder upload in serve mode', () => {
  test('"Choose a folder…" uploads the folder byte for byte, leaves hidden files behind, and imports it', async () => {
    const { page, pageErrors } = await openStudio()
    const before = await finishedUploads()
    await page.getByTestId('folder-upload-input').setInputFiles(source)
    await expectSameFiles(await nextUpload(before))
    await expectImported(page)
    expect(pageErrors).toEqual([])
    await page.close()
  })

  test('a folder dropped on the window is walked with webkitGetAsEntry, uploaded and imported', async () => {
    const { page, pageErrors } = await openStudio()
    const before = await finishedUploads()
    // A real drag of a real folder (what Playwright's own API cannot do): the page gets FileSystemEntry objects.
    const cdp = await page.context().newCDPSession(page)
    for (const type of ['dragEnter', 'dragOver', 'drop'] as const) {
      await cdp.send('Input.dispatchDragEvent', { type, x: 300, y: 300, data: { items: [], files: [source], dragOperationsMask: 1 } })
    }
    await expectSameFiles(await nextUpload(before))
    await expectImported(page)
    expect(pageErrors).toEqual([])
    await page.close()
  })

  test('cancel stops a slow upload and deletes what reached the server', async () => {
    // 12 files of 1 MiB: four requests of three files, on a link of about 2 MB/s.
    const big = join(root, 'big')
    await mkdir(join(big, 'noise'), { recursive: true })
    for (let index = 0; index < 12; index++) {
      await writeFile(join(big, 'noise', `${index}.bin`), randomBytes(1 << 20))
    }
    const { page, pageErrors } = await openStudio()
    const before = await readdir(join(projectDir, 'uploads'))
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 2_000_000 })
    await page.getByTestId('folder-upload-input').setInputFiles(big)
    const progress = page.getByTestId('upload-progress')
    await expect.poll(async () => Number(await progress.getAttribute('data-files')), { timeout: 60_000 }).toBeGreaterThan(0)
    expect(await progress.textContent()).toMatch(/of 12 files · .* of 12\.6 MB/)
    await page.getByTestId('upload-cancel').click()
    await progress.waitFor({ state: 'detached', timeout: 30_000 })
    await expect.poll(() => readdir(join(projectDir, 'uploads')), { timeout: 10_000 }).toEqual(before)
    expect(await page.getByTestId('error-banner').count()).toBe(0)
    expect(pageErrors).toEqual([])
    await page.close()
  })
})

// The walking skeleton in real Chromium against serve mode: importing a folder (progress, cancel, doctor, settings,
// the image grid), then sample data → model → training with a live loss curve, pause, resume, stop, and screenshots
// for people to look at.

import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { launchChromium, startServe } from './helpers'
import type { ServeProcess } from './helpers'

let serve: ServeProcess
let browser: Browser
let projectDir: string
const screenshotDir = join(process.cwd(), 'test-results')

beforeAll(async () => {
  projectDir = await mkdtemp(join(tmpdir(), 'e2e-project-'))
  await mkdir(screenshotDir, { recursive: true })
  serve = await startServe(['--port', '0', '--project', projectDir])
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await serve?.stop()
  await rm(projectDir, { recursive: true, force: true })
})

/** `perClass` distinct noisy PNGs of size×size in each class folder, written a batch at a time. */
async function writeNoisyPngs(folder: string, classNames: readonly string[], perClass: number, size: number): Promise<void> {
  let seed = 1
  for (const className of classNames) {
    await mkdir(join(folder, className), { recursive: true })
    for (let start = 0; start < perClass; start += 64) {
      await Promise.all(Array.from({ length: Math.min(64, perClass - start) }, (_, offset) => {
        const pixels = Buffer.alloc(size * size * 3)
        for (let i = 0; i < pixels.length; i++) {
          seed = (seed * 1103515245 + 12345) % 2 ** 31
          pixels[i] = seed >>> 23
        }
        return sharp(pixels, { raw: { width: size, height: size, channels: 3 } })
          .png()
          .toFile(join(folder, className, `image ${start + offset}.png`))
      }))
    }
  }
}

/** Every file below `folder` (relative paths, sorted); none when it does not exist. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => [])
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name)).sort()
}

async function lossPoints(page: Page): Promise<number> {
  return Number(await page.getByTestId('loss-chart').getAttribute('data-points'))
}

async function settledLossPoints(page: Page): Promise<number> {
  let previous = await lossPoints(page)
  for (;;) {
    await page.waitForTimeout(300)
    const current = await lossPoints(page)
    if (current === previous) {
      return current
    }
    previous = current
  }
}

async function trainerState(page: Page): Promise<string> {
  return ((await page.getByTestId('trainer-state').textContent()) ?? '').trim().toLowerCase()
}

describe('serve mode in Chromium', () => {
  test('the page is refused without the token', async () => {
    const page = await browser.newPage()
    const response = await page.goto(`http://127.0.0.1:${serve.port}/`)
    expect(response?.status()).toBe(403)
    await page.close()
  })

  test('a folder path typed on the Data screen is imported with progress; the doctor opens files; settings re-import', async () => {
    const folder = join(projectDir, 'my images')
    for (const [className, colour] of [['red things', { r: 220, g: 30, b: 30 }], ['blue things', { r: 30, g: 30, b: 220 }]] as const) {
      await mkdir(join(folder, className), { recursive: true })
      for (let index = 0; index < 6; index++) {
        const image = sharp({ create: { width: 20 + index, height: 24, channels: 3, background: colour } })
        await image.png().toFile(join(folder, className, `picture ${index}.png`))
      }
    }
    await writeFile(join(folder, 'red things', 'notes.png'), 'not an image')
    await copyFile(join(folder, 'blue things', 'picture 0.png'), join(folder, 'blue things', 'copy of picture 0.png'))
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    const pageErrors: string[] = []
    page.on('pageerror', (error) => pageErrors.push(error.message))
    await page.goto(serve.url)
    await page.getByTestId('folder-path-input').fill(folder)
    await page.getByTestId('open-folder-button').click()
    await page.getByTestId('data-progress').waitFor({ timeout: 10_000 })
    await page.getByTestId('dataset-summary').waitFor({ timeout: 60_000 })
    const classNames = await page.getByTestId('class-card').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-class-name')))
    expect(classNames).toEqual(['blue things', 'red things'])
    expect(await page.getByTestId('dataset-problems').textContent()).toContain('notes.png')

    // The doctor lists the copy; clicking a path shows both files side by side, read from disk.
    const duplicate = page.locator('[data-testid=finding][data-kind=exact-duplicates]')
    await duplicate.getByTestId('doctor-path').first().click()
    await page.getByTestId('source-dialog').getByTestId('source-file-image').first().waitFor({ timeout: 10_000 })
    await expect.poll(() => page.getByTestId('source-file').count()).toBe(2)
    await expect.poll(() => page.getByTestId('source-file-image').first().evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(20)
    await page.screenshot({ path: join(screenshotDir, 'data-doctor-file.png') })
    await page.keyboard.press('Escape')
    await page.getByTestId('source-dialog').waitFor({ state: 'hidden' })

    // Apply new settings: the same folder is imported again and the image shape follows.
    await page.getByTestId('setting-size').fill('12')
    await page.getByTestId('setting-color-grayscale').click()
    await page.getByTestId('apply-settings').click()
    await expect.poll(() => page.getByTestId('image-size').textContent(), { timeout: 60_000 }).toBe('12×12×1')
    const grid = page.getByTestId('image-grid')
    await grid.scrollIntoViewIfNeeded()
    await page.locator('[data-testid=grid-row][data-loaded=true]').first().waitFor({ timeout: 10_000 })
    await grid.click({ position: { x: 12, y: 12 } })
    await expect.poll(() => page.getByTestId('preview-shape').textContent()).toBe('12×12×1')
    expect(await page.getByTestId('channel-map').count()).toBe(1)
    await page.screenshot({ path: join(screenshotDir, 'data-screen-folder.png'), fullPage: true })

    await page.getByTestId('folder-path-input').fill(join(projectDir, 'no such folder'))
    await page.getByTestId('open-folder-button').click()
    await page.getByTestId('import-error').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('import-error').textContent()).toMatch(/no such folder.*does not exist/)
    expect(await page.getByTestId('dataset-name').textContent()).toBe('my images')
    expect(await page.getByTestId('error-banner').count()).toBe(0)
    expect(pageErrors).toEqual([])
    await page.close()
  })

  test('cancelling a large import leaves the dataset shown and no cache behind', async () => {
    const folder = join(projectDir, 'many images')
    await writeNoisyPngs(folder, ['left', 'right'], 2500, 64)
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    const pageErrors: string[] = []
    page.on('pageerror', (error) => pageErrors.push(error.message))
    await page.goto(serve.url)
    await page.getByTestId('sample-button').click()
    await page.getByTestId('dataset-summary').waitFor({ timeout: 30_000 })
    const sampleName = await page.getByTestId('dataset-name').textContent()
    const before = await filesUnder(join(projectDir, 'datasets'))

    await page.getByTestId('folder-path-input').fill(folder)
    await page.getByTestId('open-folder-button').click()
    await page.getByTestId('cancel-import').waitFor({ timeout: 10_000 })
    await page.getByTestId('cancel-import').click()
    await page.getByTestId('import-notice').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('import-notice').textContent()).toMatch(/Import cancelled; nothing was changed/)
    expect(await page.getByTestId('data-progress').count()).toBe(0)
    expect(await page.getByTestId('dataset-name').textContent()).toBe(sampleName)
    expect(await filesUnder(join(projectDir, 'datasets'))).toEqual(before)

    // The same folder imports fully afterwards, with a determinate progress bar on the way.
    await page.getByTestId('open-folder-button').click()
    await expect.poll(() => page.getByTestId('data-progress').getAttribute('data-phase'), { timeout: 30_000 }).toBe('decoding')
    await page.screenshot({ path: join(screenshotDir, 'data-import-progress.png') })
    await expect.poll(() => page.getByTestId('dataset-name').textContent(), { timeout: 120_000 }).toBe('many images')
    expect(await page.getByTestId('split-train').textContent()).toMatch(/\d/)
    // Every progress event and answer passed the page's checks: nothing went to the error banner.
    expect(await page.getByTestId('error-banner').count()).toBe(0)
    expect(pageErrors).toEqual([])
    await page.close()
  })

  test('the image grid of the sample scrolls and fetches the pages it shows', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(serve.url)
    await page.getByTestId('sample-button').click()
    const grid = page.getByTestId('image-grid')
    await grid.waitFor({ timeout: 30_000 })
    const itemCount = Number(await grid.getAttribute('data-item-count'))
    expect(itemCount).toBeGreaterThan(1000)
    await grid.scrollIntoViewIfNeeded()
    await grid.evaluate((element) => (element.scrollTop = element.scrollHeight / 2))
    await expect.poll(() => grid.getAttribute('data-first-row').then(Number)).toBeGreaterThan(10)
    await expect.poll(() => page.locator('[data-testid=grid-row][data-loaded=true]').count(), { timeout: 10_000 }).toBeGreaterThan(3)
    // Only the rows in view exist, however many images there are.
    expect(await page.getByTestId('grid-row').count()).toBeLessThan(20)
    await page.screenshot({ path: join(screenshotDir, 'data-grid.png') })
    await page.close()
  })

  test('sample data, a preset, training with a live loss curve, pause, resume and stop', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } })
    const pageErrors: string[] = []
    page.on('pageerror', (error) => pageErrors.push(error.message))
    await page.goto(serve.url)

    await page.getByTestId('sample-button').click()
    await expect.poll(() => page.getByTestId('class-card').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(5)
    await page.screenshot({ path: join(screenshotDir, 'data-screen.png') })

    await page.getByTestId('nav-model').click()
    await page.getByTestId('preset-select').selectOption('lenet')
    await expect.poll(() => page.getByTestId('layer-row').count()).toBeGreaterThanOrEqual(8)
    expect(await page.getByTestId('total-params').textContent()).toMatch(/\d/)
    await page.screenshot({ path: join(screenshotDir, 'model-screen.png') })

    await page.getByTestId('nav-train').click()
    // Enough epochs that the run is still going when the test pauses it (an epoch takes seconds with fast kernels).
    await page.getByTestId('epochs-input').fill('50')
    await page.getByTestId('start-button').click()
    await expect.poll(() => trainerState(page), { timeout: 30_000 }).toBe('running')
    await expect.poll(() => lossPoints(page), { timeout: 60_000 }).toBeGreaterThan(20)

    // The first epoch ends with validation accuracy well above chance (1 in 6 classes).
    const firstEpoch = page.getByTestId('epoch-row').first()
    await firstEpoch.waitFor({ timeout: 180_000 })
    expect(Number(await firstEpoch.getAttribute('data-validation-accuracy'))).toBeGreaterThan(0.5)

    await page.getByTestId('pause-button').click()
    await expect.poll(() => trainerState(page), { timeout: 10_000 }).toBe('paused')
    // The chart redraws on the next animation frame, so the last step before the pause may land just after the
    // state label changes: read the count once it has settled, then it must hold still.
    const pausedAt = await settledLossPoints(page)
    await page.waitForTimeout(1500)
    expect(await lossPoints(page)).toBe(pausedAt)

    await page.getByTestId('resume-button').click()
    await expect.poll(() => trainerState(page), { timeout: 10_000 }).toBe('running')
    await expect.poll(() => lossPoints(page), { timeout: 30_000 }).toBeGreaterThan(pausedAt + 5)

    await page.getByTestId('stop-button').click()
    await expect.poll(() => trainerState(page), { timeout: 30_000 }).toBe('stopped')
    await page.getByTestId('run-summary').waitFor({ timeout: 60_000 })
    await page.screenshot({ path: join(screenshotDir, 'train-screen.png'), fullPage: true })
    expect(pageErrors).toEqual([])
    await page.close()
  })
})

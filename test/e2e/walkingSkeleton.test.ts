// The walking skeleton in real Chromium against serve mode: sample data → model → training with a live loss
// curve, pause, resume, stop, and a screenshot for people to look at.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
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

async function lossPoints(page: Page): Promise<number> {
  return Number(await page.getByTestId('loss-chart').getAttribute('data-points'))
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

  test('a folder path typed on the Data screen is imported; a bad path gets a readable error', async () => {
    const folder = join(projectDir, 'my images')
    for (const [className, colour] of [['red things', { r: 220, g: 30, b: 30 }], ['blue things', { r: 30, g: 30, b: 220 }]] as const) {
      await mkdir(join(folder, className), { recursive: true })
      for (let index = 0; index < 6; index++) {
        const image = sharp({ create: { width: 20 + index, height: 24, channels: 3, background: colour } })
        await image.png().toFile(join(folder, className, `picture ${index}.png`))
      }
    }
    await writeFile(join(folder, 'red things', 'notes.png'), 'not an image')
    const page = await browser.newPage()
    await page.goto(serve.url)
    await page.getByTestId('folder-path-input').fill(folder)
    await page.getByTestId('open-folder-button').click()
    await page.getByTestId('dataset-summary').waitFor({ timeout: 60_000 })
    const classNames = await page.getByTestId('class-card').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-class-name')))
    expect(classNames).toEqual(['blue things', 'red things'])
    expect(await page.getByTestId('dataset-problems').textContent()).toContain('notes.png')

    await page.getByTestId('folder-path-input').fill(join(projectDir, 'no such folder'))
    await page.getByTestId('open-folder-button').click()
    await page.getByTestId('error-banner').waitFor()
    expect(await page.getByTestId('error-banner').textContent()).toMatch(/no such folder.*does not exist/)
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
    const pausedAt = await lossPoints(page)
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

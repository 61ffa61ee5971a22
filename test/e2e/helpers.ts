// Helpers for end-to-end tests: run the built CLI, start serve mode and read its URL, launch Debian's Chromium.

import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import type { Browser } from 'playwright-core'

export const CLI = fileURLToPath(new URL('../../scripts/cnn-studio.mjs', import.meta.url))

export type CliResult = { code: number | null; stdout: string; stderr: string }

export function runCli(args: readonly string[], options: { timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`cnn-studio ${args.join(' ')} timed out\n${stderr}`))
    }, options.timeoutMs ?? 200_000)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

export type ServeProcess = { url: string; port: number; child: ChildProcess; stop(): Promise<void> }

export function startServe(args: readonly string[]): Promise<ServeProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      const match = /served at (http:\/\/\S+)/.exec(output)
      if (match) {
        child.stdout.off('data', onData)
        const url = match[1]
        resolve({
          url,
          port: Number(new URL(url).port),
          child,
          stop: () =>
            new Promise((done) => {
              child.once('exit', () => done())
              child.kill('SIGINT')
            }),
        })
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', (code) => reject(new Error(`serve exited with ${code} before printing its URL:\n${output}`)))
  })
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
}

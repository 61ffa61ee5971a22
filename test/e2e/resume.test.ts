// Exact resume through the real CLI: a run killed with SIGKILL at a random moment mid-epoch and continued with
// --resume ends with the same weights as an uninterrupted run of the same seed (same thread count).

import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { decodeCheckpoint } from '../../app/formats/checkpoint'
import { CLI, runCli } from './helpers'

let workDir: string
beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'resume-e2e-'))
})
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true })
})

const TRAIN = ['train', '--data', 'sample:shapes', '--model', 'lenet', '--epochs', '3', '--batch', '32', '--seed', '7', '--threads', '2']

async function lastCheckpoint(runDir: string) {
  return decodeCheckpoint(new Uint8Array(await readFile(join(runDir, 'checkpoints', 'last.ckpt'))))
}

function metricLines(runDir: string): Promise<number> {
  return readFile(join(runDir, 'metrics.jsonl'), 'utf8').then(
    (text) => text.trim().split('\n').filter(Boolean).length,
    () => 0,
  )
}

describe('cnn-studio train --resume', () => {
  test('a run killed with SIGKILL mid-epoch resumes and ends identical to an uninterrupted run', async () => {
    const project = join(workDir, 'project')
    const straightDir = join(workDir, 'straight')
    const straight = await runCli([...TRAIN, '--out', straightDir, '--project', project, '--json'], { timeoutMs: 400_000 })
    expect(straight.code, straight.stderr).toBe(0)

    const killedDir = join(workDir, 'killed')
    const startedAt = Date.now()
    const child = spawn(process.execPath, [CLI, ...TRAIN, '--out', killedDir, '--project', project, '--json'], { stdio: 'ignore' })
    while ((await metricLines(killedDir)) < 1) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    // A random moment inside epoch 2: epoch 1 (with start-up) took `firstEpoch` ms, epoch 2 takes about as long.
    const firstEpoch = Date.now() - startedAt
    await new Promise((resolve) => setTimeout(resolve, firstEpoch * (0.05 + 0.4 * Math.random())))
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
    expect(await metricLines(killedDir)).toBe(1) // killed before epoch 2 ended
    const atKill = await lastCheckpoint(killedDir)
    expect(atKill.progress).toMatchObject({ epoch: 1, stepInEpoch: 0 })

    const resumed = await runCli(['train', '--resume', killedDir, '--project', project, '--json'], { timeoutMs: 400_000 })
    expect(resumed.code, resumed.stderr).toBe(0)
    const summary = JSON.parse(resumed.stdout.trim().split('\n').at(-1)!) as { reason: string; epochsCompleted: number }
    expect(summary).toMatchObject({ reason: 'finished', epochsCompleted: 3 })

    const expected = await lastCheckpoint(straightDir)
    const actual = await lastCheckpoint(killedDir)
    expect(actual.progress).toEqual(expected.progress)
    expect(Buffer.from(actual.weights.buffer).equals(Buffer.from(expected.weights.buffer))).toBe(true)
    expect(Buffer.from(actual.optimizerState.buffer).equals(Buffer.from(expected.optimizerState.buffer))).toBe(true)
  }, 900_000)

  test('eval prints full metrics of a run, and refuses a folder without a checkpoint', async () => {
    const runDir = join(workDir, 'straight')
    const result = await runCli(['eval', '--run', runDir, '--project', join(workDir, 'project'), '--json'], { timeoutMs: 120_000 })
    expect(result.code, result.stderr).toBe(0)
    const evaluation = JSON.parse(result.stdout) as { count: number; confusion: number[]; accuracy: number; support: number[] }
    expect(evaluation.count).toBe(600)
    expect(evaluation.confusion.reduce((a, b) => a + b, 0)).toBe(600)
    expect(evaluation.support).toEqual([100, 100, 100, 100, 100, 100])
    const summary = JSON.parse(await readFile(join(runDir, 'summary.json'), 'utf8')) as { test: { accuracy: number } }
    expect(evaluation.accuracy).toBeCloseTo(summary.test.accuracy, 10)

    const missing = await runCli(['eval', '--run', workDir], { timeoutMs: 30_000 })
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/--run: no checkpoint at .*last\.ckpt/)
  }, 300_000)
})

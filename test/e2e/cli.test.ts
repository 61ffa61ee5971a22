import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runCli } from './helpers'

let workDir: string
beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'cli-e2e-'))
})
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true })
})

describe('cnn-studio train', () => {
  test('LeNet reaches at least 90% test accuracy on the sample in 3 epochs, printing JSON lines', async () => {
    const outDir = join(workDir, 'run')
    const result = await runCli(['train', '--data', 'sample:shapes', '--model', 'lenet', '--epochs', '3', '--json', '--out', outDir], {
      timeoutMs: 540_000,
    })
    expect(result.code, result.stderr).toBe(0)
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string } & Record<string, unknown>)
    const epochs = lines.filter((line) => line.type === 'epoch')
    expect(lines.filter((line) => line.type === 'step').length).toBeGreaterThan(100)
    expect(epochs.map((line) => line.epoch)).toEqual([1, 2, 3])
    const summary = lines.at(-1) as { type: string; reason: string; test: { accuracy: number; count: number } }
    expect(summary.type).toBe('summary')
    expect(summary.reason).toBe('finished')
    expect(summary.test.count).toBeGreaterThan(0)
    expect(summary.test.accuracy).toBeGreaterThanOrEqual(0.9)
    const saved = JSON.parse(await readFile(join(outDir, 'summary.json'), 'utf8')) as typeof summary
    expect(saved.test).toEqual(summary.test)
    const metrics = (await readFile(join(outDir, 'metrics.jsonl'), 'utf8')).trim().split('\n')
    expect(metrics).toHaveLength(3)
  }, 600_000)

  test.each([
    [['train', '--data', 'sample:shapes', '--epochs', '0'], /--epochs: got '0', expected a whole number from 1/],
    [['train', '--data', 'sample:shapes', '--lr', 'NaN'], /--lr: got 'NaN', expected a number greater than 0/],
    [['train', '--data', 'sample:shapes', '--bogus'], /Unknown option '--bogus'/],
    [['train', '--model', 'lenet'], /--data is required/],
    [['train', '--data', '/no/such/folder'], /--data: '\/no\/such\/folder' does not exist; expected a folder/],
    [['train', '--data', 'sample:shapes', '--size', '16'], /--size: import options apply to imported data, not to sample:shapes/],
    [['train', '--data', '/tmp', '--color', 'cmyk'], /--color: got 'cmyk', expected one of "grayscale", "rgb"/],
    [['train', '--data', 'sample:cats'], /unknown sample 'sample:cats'/],
    [['train', '--data', 'sample:shapes', '--model', 'resnet9000'], /--model: got 'resnet9000', expected a preset/],
    [['fly'], /unknown command 'fly'/],
    [['train', '--data', 'sample:shapes', '--threads', '0'], /--threads: got '0', expected a whole number from 1 to 256/],
    [['train', '--data', 'sample:shapes', '--optimizer', 'rmsprop'], /--optimizer: got 'rmsprop', expected one of sgd, adam, adamw/],
    [['train', '--data', 'sample:shapes', '--schedule', 'zigzag'], /--schedule: got 'zigzag'/],
    [['train', '--resume', '/no/such/run'], /--resume: no checkpoint at \/no\/such\/run/],
    [['model', '--preset', 'lenet', '--input', '0x28x1'], /--input/],
  ])('%j fails with a one-line message', async (args, message) => {
    const result = await runCli(args, { timeoutMs: 30_000 })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(message)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
  })

  test.each([
    [{ kind: 'convolution', filters: 4, kernelSize: 3 }, /unknown layer kind "convolution"|got "convolution"/],
    [{ kind: 'conv', filters: 4, kernelSize: 3, stride: -1 }, /stride: got -1/],
  ])('a spec with %j is refused at the edge with a message naming the value', async (badLayer, message) => {
    const specPath = join(workDir, 'bad-layer.json')
    const spec = {
      name: 'bad',
      input: { height: 32, width: 32, channels: 3 },
      layers: [badLayer, { kind: 'flatten' }, { kind: 'dense', units: 6 }, { kind: 'softmax' }],
    }
    await writeFile(specPath, JSON.stringify(spec))
    const result = await runCli(['train', '--data', 'sample:shapes', '--model', specPath], { timeoutMs: 30_000 })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(message)
  })

  test('an impossible model spec is refused before training, naming the layer and why', async () => {
    const specPath = join(workDir, 'impossible.json')
    const spec = {
      name: 'too big a kernel',
      input: { height: 32, width: 32, channels: 3 },
      layers: [{ kind: 'conv', filters: 4, kernelSize: 40 }, { kind: 'flatten' }, { kind: 'dense', units: 6 }, { kind: 'softmax' }],
    }
    await writeFile(specPath, JSON.stringify(spec))
    const result = await runCli(['train', '--data', 'sample:shapes', '--model', specPath], { timeoutMs: 30_000 })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/--model: the model 'too big a kernel' is impossible: layer 1 \(conv\).*40×40/)
  })
})

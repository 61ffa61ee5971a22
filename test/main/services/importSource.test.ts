import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { importSource } from '../../../main/services/importSource'

let root: string
const options = { size: 8, channels: 3, seed: 1 } as const

/** A bottom-up 24-bit BMP of one colour, written byte by byte (sharp cannot write or read BMP). */
function solidBmp(width: number, height: number, [r, g, b]: readonly [number, number, number]): Uint8Array {
  const rowBytes = Math.ceil((width * 3) / 4) * 4
  const bytes = new Uint8Array(54 + rowBytes * height)
  const view = new DataView(bytes.buffer)
  bytes.set([0x42, 0x4d])
  view.setUint32(2, bytes.length, true)
  view.setUint32(10, 54, true)
  view.setUint32(14, 40, true)
  view.setInt32(18, width, true)
  view.setInt32(22, height, true)
  view.setUint16(26, 1, true)
  view.setUint16(28, 24, true)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      bytes.set([b, g, r], 54 + y * rowBytes + x * 3)
    }
  }
  return bytes
}

function cifarRecord(label: number, value: number): Uint8Array {
  const record = new Uint8Array(3073).fill(value)
  record[0] = label
  return record
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'import-source-'))
  for (const [name, colour] of [['red', [220, 20, 20]], ['blue', [20, 20, 220]]] as const) {
    await mkdir(join(root, 'folder', name), { recursive: true })
    for (let i = 0; i < 5; i++) {
      await writeFile(join(root, 'folder', name, `picture ${i}.bmp`), solidBmp(10 + i, 6, colour))
      await sharp({ create: { width: 9, height: 9, channels: 3, background: { r: colour[0], g: colour[1], b: colour[2] } } })
        .png()
        .toFile(join(root, 'folder', name, `photo ${i}.png`))
    }
  }
  const lines = ['path,label']
  for (const name of ['red', 'blue']) {
    for (let i = 0; i < 5; i++) {
      lines.push(`folder/${name}/photo ${i}.png,${name}`)
    }
  }
  lines.push('folder/red/missing.png,red')
  await writeFile(join(root, 'labels.csv'), `${lines.join('\n')}\n`)
  await mkdir(join(root, 'cifar'))
  const records = Array.from({ length: 20 }, (_, i) => cifarRecord(i % 2, i * 10))
  await writeFile(join(root, 'cifar', 'data_batch_1.bin'), Buffer.concat(records))
  await writeFile(join(root, 'cifar', 'test_batch.bin'), Buffer.concat(records.slice(0, 4)))
  await writeFile(join(root, 'cifar', 'batches.meta.txt'), 'airplane\nautomobile\n')
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('importSource', () => {
  test('an image folder with BMP and PNG files: BMPs are decoded by our decoder, with the right colours', async () => {
    const imported = await importSource(join(root, 'folder'), options)
    expect(imported.kind).toBe('imageFolder')
    expect(imported.dataset.classNames).toEqual(['blue', 'red'])
    expect(imported.dataset.count).toBe(20)
    expect(imported.problems).toEqual([])
    const first = imported.dataset.labels[0] === 0 ? [20, 20, 220] : [220, 20, 20]
    expect(Array.from(imported.dataset.images.subarray(0, 3))).toEqual(first)
  })

  test('a CSV of path,label, reporting the missing file', async () => {
    const imported = await importSource(join(root, 'labels.csv'), options)
    expect(imported.kind).toBe('csv')
    expect(imported.dataset.count).toBe(10)
    expect(imported.problems).toHaveLength(1)
    expect(imported.problems[0].reason).toMatch(/line 12 of labels\.csv/)
  })

  test('a folder of CIFAR-10 batches', async () => {
    const imported = await importSource(join(root, 'cifar'), options)
    expect(imported.kind).toBe('cifar')
    expect(imported.dataset.classNames).toEqual(['airplane', 'automobile'])
    expect(imported.dataset.imageShape).toEqual({ height: 32, width: 32, channels: 3 })
    expect(imported.dataset.splits.test.length).toBe(4)
  })

  test('anything else is refused with what was expected', async () => {
    await expect(importSource(join(root, 'nothing here'), options)).rejects.toThrow(/does not exist/)
    await expect(importSource(join(root, 'cifar', 'batches.meta.txt'), options)).rejects.toThrow(
      /is a file; expected a folder .* or a \.csv of path,label/,
    )
  })
})

// The plan's columns must give back the same items the scanners used to build one object at a time.

import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { FileItemList, PixelItemList, planItemList } from '../../../../main/services/import/planItems'

describe('FileItemList', () => {
  test('items come back with their absolute paths, labels, fixed splits and CSV origins', () => {
    const list = new FileItemList(join('/data', 'pets'), 'labels.csv')
    for (let i = 0; i < 1000; i++) {
      list.add(`class ${i % 3}/ü ${i}.png`, i % 3, i % 2 === 0 ? -1 : 1, i === 7 ? -1 : i + 2)
    }
    list.seal()
    expect(list.count).toBe(1000)
    expect(list.labels.length).toBe(1000)
    expect(list.at(5)).toEqual({
      source: 'file', path: 'class 2/ü 5.png', absolutePath: join('/data', 'pets', 'class 2', 'ü 5.png'),
      label: 2, fixedSplit: 1, origin: 'line 7 of labels.csv',
    })
    expect(list.at(7)).not.toHaveProperty('origin')
    expect(planItemList(list).map((item) => item.label)).toEqual(Array.from(list.labels))
  })

  test("'..' in a CSV's path resolves outside the CSV's folder, as the CSV said", () => {
    const list = new FileItemList(join('/data', 'lists'))
    list.add('../images/a.png', 0, -1)
    expect(list.at(0).absolutePath).toBe(join('/data', 'images', 'a.png'))
  })
})

describe('PixelItemList', () => {
  test('records of several files are numbered per file and view the files\' pixels in place', () => {
    const first = Uint8Array.from({ length: 3 * 4 }, (_, i) => i)
    const second = Uint8Array.from({ length: 2 * 4 }, (_, i) => 100 + i)
    const list = new PixelItemList([
      { name: 'a.bin', mtimeMs: 1, pixels: first, width: 2, height: 2, channels: 1, labels: Uint8Array.of(0, 1, 2),
        fixedSplit: -1 },
      { name: 't.bin', mtimeMs: 2, pixels: second, width: 2, height: 2, channels: 1, labels: Uint8Array.of(1, 0),
        fixedSplit: 2 },
    ])
    expect(list.count).toBe(5)
    expect(Array.from(list.labels)).toEqual([0, 1, 2, 1, 0])
    expect(Array.from(list.fixedSplits)).toEqual([-1, -1, -1, 2, 2])
    const item = list.at(4)
    expect(item).toMatchObject({ path: 't.bin#1', label: 0, fixedSplit: 2, mtimeMs: 2, width: 2, channels: 1 })
    expect(Array.from(item.pixels)).toEqual([104, 105, 106, 107])
    expect(item.pixels.buffer).toBe(second.buffer)
    expect(list.at(1).path).toBe('a.bin#1')
    expect(() => list.at(5)).toThrow(/outside/)
  })
})

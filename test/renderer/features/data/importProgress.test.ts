import { describe, expect, test } from 'vitest'
import { describeProgress, importErrorText, newImportId } from '../../../../renderer/features/data/importProgress'

const progress = { importId: 'x', phase: 'decoding', done: 250, total: 1000, imagesPerSecond: 1234.4, etaSeconds: 61 } as const

describe('describeProgress', () => {
  test('decoding: fraction, counts, rate and time left', () => {
    expect(describeProgress(progress)).toEqual({
      phase: 'Decoding and resizing',
      fraction: 0.25,
      counts: '250 of 1,000',
      rate: '1,234 images/s',
      eta: '1 min 01 s left',
    })
  })

  test('no total yet: no fraction (the bar slides); no rate outside decoding; no ETA when done', () => {
    expect(describeProgress({ ...progress, phase: 'scanning', done: 5120, total: 0, etaSeconds: null })).toEqual({
      phase: 'Looking for images', fraction: null, counts: '5,120', rate: null, eta: null,
    })
    expect(describeProgress({ ...progress, phase: 'writing', done: 1000 })).toMatchObject({ fraction: 1, rate: null, eta: null })
    expect(describeProgress(null)).toMatchObject({ phase: 'Starting', fraction: null })
  })
})

test('import ids are fresh, 32 hex digits (valid for the host and the cache header), with or without randomUUID', () => {
  const pattern = /^[0-9a-f]{32}$/
  const ids = new Set(Array.from({ length: 50 }, () => newImportId()))
  expect(ids.size).toBe(50)
  const withoutUuid = { getRandomValues: <T extends ArrayBufferView | null>(array: T) => crypto.getRandomValues(array as never) as T }
  const fallback = newImportId(withoutUuid)
  for (const id of [...ids, fallback]) {
    expect(id).toMatch(pattern)
  }
})

test('importErrorText drops the request name the screen already states', () => {
  expect(importErrorText('datasets:import: /x does not exist')).toBe('/x does not exist')
  expect(importErrorText('no classes')).toBe('no classes')
})

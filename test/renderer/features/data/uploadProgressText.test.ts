import { describe, expect, test } from 'vitest'
import { describeUpload, formatMegabytes } from '../../../../renderer/features/data/uploadProgressText'

describe('upload progress text', () => {
  test('megabytes are decimal, one decimal place below 100', () => {
    expect(formatMegabytes(0)).toBe('0.0 MB')
    expect(formatMegabytes(1_250_000)).toBe('1.3 MB')
    expect(formatMegabytes(99_940_000)).toBe('99.9 MB')
    expect(formatMegabytes(1_234_000_000)).toBe('1,234 MB')
  })

  test('files, megabytes, rate and the fraction of bytes sent', () => {
    const description = describeUpload({ files: 120, bytes: 1_200_000, totalFiles: 400, totalBytes: 4_800_000, bytesPerSecond: 2_100_000 })
    expect(description).toEqual({ fraction: 0.25, counts: '120 of 400 files · 1.2 of 4.8 MB', rate: '2.1 MB/s' })
  })

  test('empty files count by files; no rate before the first answer', () => {
    const empty = describeUpload({ files: 3, bytes: 0, totalFiles: 4, totalBytes: 0, bytesPerSecond: 0 })
    expect(empty).toMatchObject({ fraction: 0.75, rate: null })
  })
})

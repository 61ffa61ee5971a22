import { describe, expect, test } from 'vitest'
import { parseDatasetImagePage, parseSourceFileView } from '../../../renderer/api/incomingDatasetFiles'
import { parseAppInfo, parseDatasetSummary, parseResult } from '../../../renderer/api/incomingResults'
import { APP_INFO, imagePage, sampleSummary } from '../fixtures'

describe('parseDatasetSummary', () => {
  test('accepts a well-formed summary and keeps its images', () => {
    const summary = sampleSummary()
    const parsed = parseDatasetSummary(summary)
    expect(parsed).toEqual(summary)
    expect(parsed.examples[0].images[0]).toBe(summary.examples[0].images[0])
  })

  test('keeps fields a newer host adds', () => {
    expect(parseDatasetSummary({ ...sampleSummary(), fingerprint: 'abc' })).toMatchObject({
      fingerprint: 'abc',
    })
  })

  test('refuses a thumbnail whose size does not match H×W×C', () => {
    const summary = sampleSummary()
    summary.examples[0].images[1] = new Uint8Array(5)
    expect(() => parseDatasetSummary(summary)).toThrow(
      /dataset\.examples\[0\]\.images\[1\]: got a Uint8Array of 5, expected a Uint8Array of 16/,
    )
  })

  test('refuses a summary without a data reference or with a bad split count', () => {
    expect(() => parseDatasetSummary({ ...sampleSummary(), dataRef: undefined })).toThrow(/dataset\.dataRef/)
    expect(() =>
      parseDatasetSummary({ ...sampleSummary(), splits: { train: 1.5, validation: 0, test: 0 } }),
    ).toThrow(/dataset\.splits\.train/)
  })
})

describe('parseResult', () => {
  test('checks each method with its own parser and names the method', () => {
    const info = APP_INFO
    expect(parseResult('app:info', info)).toEqual(parseAppInfo(info))
    expect(() => parseResult('app:info', { ...info, host: 'cloud' })).toThrow(
      /app:info result\.host: got "cloud"/,
    )
    expect(() => parseResult('datasets:sample', info)).toThrow(/datasets:sample result\.imageShape/)
  })
})

describe('parseDatasetSummary: the issue 4 fields', () => {
  test('refuses per-class counts that do not match the classes', () => {
    const summary = { ...sampleSummary(), classCounts: { train: [5], validation: [1, 1], test: [1, 1] } }
    expect(() => parseDatasetSummary(summary)).toThrow(/dataset\.classCounts\.train: got an array of 1, expected an array of 2/)
  })

  test('refuses a normalisation with the wrong channel count or a zero std', () => {
    expect(() => parseDatasetSummary({ ...sampleSummary(), normalization: { mean: [0.1, 0.2], std: [1] } })).toThrow(
      /dataset\.normalization\.mean/,
    )
    expect(() => parseDatasetSummary({ ...sampleSummary(), normalization: { mean: [0.1], std: [0] } })).toThrow(
      /dataset\.normalization\.std\[0\]: got 0, expected a standard deviation above 0/,
    )
  })

  test('refuses unknown settings and split origins', () => {
    const summary = sampleSummary()
    expect(() => parseDatasetSummary({ ...summary, preprocessing: { ...summary.preprocessing, resizeMode: 'crop' } }))
      .toThrow(/dataset\.preprocessing\.resizeMode: got "crop"/)
    expect(() => parseDatasetSummary({ ...summary, split: { ...summary.split, seed: -1 } })).toThrow(/dataset\.split\.seed/)
    expect(() => parseDatasetSummary({ ...summary, splitOrigin: 'random' })).toThrow(/dataset\.splitOrigin/)
    expect(() => parseDatasetSummary({ ...summary, kind: 'zip' })).toThrow(/dataset\.kind/)
  })

  test('refuses counts smaller than the lists they count', () => {
    const summary = sampleSummary()
    expect(() => parseDatasetSummary({ ...summary, problemCount: 0 })).toThrow(
      /dataset\.problemCount: got 0, expected at least the 1 problems listed/,
    )
    const finding = { ...summary.findings[0], pathCount: 1 }
    expect(() => parseDatasetSummary({ ...summary, findings: [finding] })).toThrow(/dataset\.findings\[0\]\.pathCount/)
    expect(() => parseDatasetSummary({ ...summary, findings: [{ ...finding, pathCount: 2, severity: 'fatal' }] }))
      .toThrow(/dataset\.findings\[0\]\.severity/)
  })

  test('accepts null source sizes and import statistics (the built-in sample)', () => {
    const summary = { ...sampleSummary(), kind: 'sample', sourceSizes: null, importStats: null }
    expect(parseDatasetSummary(summary)).toEqual(summary)
  })
})

describe('parseDatasetImagePage', () => {
  test('accepts a page whose arrays match its image count and shape', () => {
    const page = imagePage(10, 5, 40)
    expect(parseResult('datasets:images', page)).toEqual(page)
  })

  test('refuses pixels of the wrong length, split codes above 2 and pages past the total', () => {
    expect(() => parseDatasetImagePage({ ...imagePage(0, 3, 3), pixels: new Uint8Array(47) })).toThrow(
      /image page\.pixels: got a Uint8Array of 47, expected a Uint8Array of 48/,
    )
    expect(() => parseDatasetImagePage({ ...imagePage(0, 3, 3), splits: Uint8Array.of(0, 3, 1) })).toThrow(
      /image page\.splits\[1\]: got 3/,
    )
    expect(() => parseDatasetImagePage(imagePage(8, 4, 10))).toThrow(/at most 2 images \(total 10, offset 8\)/)
    expect(() => parseDatasetImagePage({ ...imagePage(0, 2, 2), indices: [0, 1] })).toThrow(/image page\.indices/)
  })
})

describe('parseSourceFileView', () => {
  const view = {
    path: 'circle/a.png',
    absolutePath: '/data/shapes/circle/a.png',
    byteLength: 4,
    mimeType: 'image/png',
    bytes: Uint8Array.of(1, 2, 3, 4),
    problem: null,
    index: 3,
  }

  test('accepts a file with its bytes, and a skipped one without', () => {
    expect(parseResult('datasets:sourceFile', view)).toEqual(view)
    const skipped = { ...view, mimeType: null, bytes: null, problem: 'not an image', index: -1 }
    expect(parseSourceFileView(skipped)).toEqual(skipped)
  })

  test('refuses bytes without a type or of another length than byteLength', () => {
    expect(() => parseSourceFileView({ ...view, mimeType: null })).toThrow(/source file\.bytes: .*expected null/)
    expect(() => parseSourceFileView({ ...view, byteLength: 5 })).toThrow(/source file\.bytes: got a Uint8Array of 4/)
  })
})

test('parseAppInfo requires canUploadFolders and the cancel answer is a boolean', () => {
  expect(() => parseAppInfo({ ...APP_INFO, canUploadFolders: undefined })).toThrow(/app info\.canUploadFolders/)
  expect(parseResult('datasets:cancelImport', { cancelled: false })).toEqual({ cancelled: false })
  expect(() => parseResult('datasets:cancelImport', { cancelled: 'yes' })).toThrow(/datasets:cancelImport result\.cancelled/)
})

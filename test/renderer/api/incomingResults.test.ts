import { describe, expect, test } from 'vitest'
import { parseAppInfo, parseDatasetSummary, parseResult } from '../../../renderer/api/incomingResults'
import { APP_INFO, sampleSummary } from '../fixtures'

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
      /dataset\.examples\[0\]\.images\[1\]: got a Uint8Array of 5, expected a Uint8Array of 6/,
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

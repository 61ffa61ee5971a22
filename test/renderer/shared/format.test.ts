import { expect, test } from 'vitest'
import { formatCount, formatDuration, formatLoss, formatPercent } from '../../../renderer/shared/format'

test('numbers are written for people', () => {
  expect([formatCount(61706), formatCount(Number.NaN)]).toEqual(['61,706', '–'])
  expect([formatPercent(0.9134), formatPercent(1, 0)]).toEqual(['91.3%', '100%'])
  expect([formatLoss(0.123456), formatLoss(Number.NaN), formatLoss(Infinity)]).toEqual([
    '0.1235',
    'NaN',
    'Infinity',
  ])
  expect([formatDuration(44.6), formatDuration(125), formatDuration(3780), formatDuration(-1)]).toEqual([
    '45 s',
    '2 min 05 s',
    '1 h 03 min',
    '–',
  ])
})

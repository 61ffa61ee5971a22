import { expect, test } from 'vitest'
import {
  formatCount,
  formatDuration,
  formatLearningRate,
  formatLoss,
  formatPercent,
} from '../../../renderer/shared/format'

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

test('learning rates keep three significant digits and switch to powers of ten when long', () => {
  expect([0.01, 0.00125, 0.0001234, 0.0000733, 1.5e-7, 0, Number.NaN].map(formatLearningRate)).toEqual([
    '0.01',
    '0.00125',
    '0.000123',
    '7.3e-5',
    '1.5e-7',
    '0',
    '–',
  ])
})

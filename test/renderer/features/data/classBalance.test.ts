import { expect, test } from 'vitest'
import { parseDatasetSummary } from '../../../../renderer/api/incomingDataset'
import { classBalances } from '../../../../renderer/features/data/classBalance'
import { sampleSummary } from '../../fixtures'

function withCounts(train: number[], validation: number[], test: number[]) {
  const names = train.map((_, label) => `class ${label}`)
  return parseDatasetSummary({
    ...sampleSummary(),
    classNames: names,
    classCounts: { train, validation, test },
    examples: names.map((className) => ({ className, count: 0, images: [] })),
  })
}

test('totals per class, shares of the largest, and a warning past the doctor ratio of 3', () => {
  const balances = classBalances(withCounts([80, 20, 28, 25, 0], [10, 3, 3, 4, 0], [10, 2, 3, 4, 0]))
  expect(balances.map(({ total, share }) => ({ total, share }))).toEqual([
    { total: 100, share: 1 },
    { total: 25, share: 0.25 },
    { total: 34, share: 0.34 },
    { total: 33, share: 0.33 },
    { total: 0, share: 0 },
  ])
  expect(balances[0].warning).toBeNull()
  expect(balances[1].warning).toMatch(/^4\.0× fewer images than “class 0”/)
  expect(balances[2].warning).toBeNull() // 100 / 34 ≈ 2.9: within the ratio
  expect(balances[3].warning).toMatch(/^3\.0× fewer/) // 100 / 33 ≈ 3.03: just past it
  expect(balances[4].warning).toMatch(/No images/)
})

// Per-class numbers for the class cards: images in each split, the share of the largest class (so bar lengths
// compare across cards) and an imbalance warning in words. The threshold is the doctor's (largest / smallest
// above 3): the cards point at the classes behind the doctor's class-imbalance finding.

import type { DatasetSummary } from '../../../app/protocol/studioApi'

export const IMBALANCE_RATIO = 3

export type ClassBalance = Readonly<{
  label: number
  name: string
  train: number
  validation: number
  test: number
  total: number
  /** total / the largest class's total, 0..1. */
  share: number
  /** Set when this class is much smaller than the largest one (or empty). */
  warning: string | null
}>

export function classBalances(summary: DatasetSummary): ClassBalance[] {
  const { train, validation, test } = summary.classCounts
  const totals = summary.classNames.map((_, label) => train[label] + validation[label] + test[label])
  const largest = Math.max(0, ...totals)
  const largestName = summary.classNames[totals.indexOf(largest)] ?? ''
  return summary.classNames.map((name, label) => {
    const total = totals[label]
    let warning: string | null = null
    if (total === 0) {
      warning = 'No images: add some to this class or remove its folder.'
    } else if (largest / total > IMBALANCE_RATIO) {
      warning = `${(largest / total).toFixed(1)}× fewer images than “${largestName}”: add images here, or ` +
        'expect the model to rarely predict this class.'
    }
    return {
      label, name, train: train[label], validation: validation[label], test: test[label], total,
      share: largest > 0 ? total / largest : 0,
      warning,
    }
  })
}

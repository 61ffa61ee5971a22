// Number and time formatting for people: thousands separators, percentages, "2 min 05 s". One place so
// every screen writes numbers the same way. Plain functions, no DOM.

const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

/** 61706 -> "61,706". */
export function formatCount(value: number): string {
  return Number.isFinite(value) ? integerFormat.format(value) : '–'
}

/** 0.9134 -> "91.3%". */
export function formatPercent(fraction: number, digits = 1): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(digits)}%` : '–'
}

/** A loss: four significant digits, "NaN" spelled out because it means the run diverged. */
export function formatLoss(value: number): string {
  if (Number.isNaN(value)) {
    return 'NaN'
  }
  return Number.isFinite(value) ? value.toPrecision(4) : String(value)
}

/** Seconds as "45 s", "2 min 05 s" or "1 h 03 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) {
    return '–'
  }
  const whole = Math.round(seconds)
  if (whole < 60) {
    return `${whole} s`
  }
  if (whole < 3600) {
    return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`
  }
  return `${Math.floor(whole / 3600)} h ${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')} min`
}

/** A learning rate: three significant digits, as a decimal while short ("0.00125"), else "1.3e-7". */
export function formatLearningRate(value: number): string {
  if (!Number.isFinite(value)) {
    return '–'
  }
  const text = String(Number(value.toPrecision(3)))
  return text.length <= 8 ? text : value.toExponential(1)
}

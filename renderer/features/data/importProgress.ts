// Words and numbers for a running import: the phase in plain language, how far it is (a fraction for the
// bar, or null while the total is unknown), the rate and the time left. Pure, so it is tested without a DOM;
// ImportProgressBar draws it.

import type { ImportPhase, ImportProgress } from '../../../app/protocol/studioApi'
import { formatCount, formatDuration } from '../../shared/format'

export type ProgressDescription = Readonly<{
  phase: string
  /** 0..1, or null when there is no total yet (the bar then slides instead of filling). */
  fraction: number | null
  counts: string
  rate: string | null
  eta: string | null
}>

const PHASE_WORDS: Readonly<Record<ImportPhase, string>> = {
  scanning: 'Looking for images',
  decoding: 'Decoding and resizing',
  writing: 'Writing the cache',
}

export function describeProgress(progress: ImportProgress | null): ProgressDescription {
  if (progress === null) {
    return { phase: 'Starting', fraction: null, counts: '', rate: null, eta: null }
  }
  const { phase, done, total, imagesPerSecond, etaSeconds } = progress
  const hasTotal = total > 0
  return {
    phase: PHASE_WORDS[phase],
    fraction: hasTotal ? Math.min(1, done / total) : null,
    counts: hasTotal ? `${formatCount(done)} of ${formatCount(total)}` : formatCount(done),
    rate: phase === 'decoding' && imagesPerSecond > 0 ? `${formatCount(imagesPerSecond)} images/s` : null,
    eta: etaSeconds === null || !hasTotal || done >= total ? null : `${formatDuration(etaSeconds)} left`,
  }
}

/**
 * A fresh id per import (32 lower-case hex digits), so progress and cancel refer to exactly one. randomUUID needs a
 * secure context; served over plain http on a LAN address the page is not one, and random bytes stand in.
 */
export function newImportId(
  random: Pick<Crypto, 'getRandomValues'> & Partial<Pick<Crypto, 'randomUUID'>> = crypto,
): string {
  if (typeof random.randomUUID === 'function') {
    return random.randomUUID().replaceAll('-', '')
  }
  const bytes = random.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** The host's message without the request name ("datasets:import: "): the screen already says what failed. */
export function importErrorText(message: string): string {
  return message.replace(/^datasets:\w+: /, '')
}

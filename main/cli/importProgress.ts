// The terminal view of an import (train --data, doctor): one redrawn line on a TTY; otherwise (logs, CI) a line
// when a phase starts, every few seconds and when it completes; the one-line result and the pointer to the doctor.
// Not the import itself (main/services/import).

import type { ImportProgress, ImportStatistics } from '../../app/protocol/studioApi'
import { formatDuration } from './progressBar'

export type ImportProgressUpdate = Omit<ImportProgress, 'importId'>

const BAR_WIDTH = 24
/** Without a TTY a line is printed at most this often (besides phase changes), so logs stay short. */
const LOG_INTERVAL_MS = 5000

/** 70000 -> "70,000": counts people read. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US')
}

export function renderImportProgress(progress: ImportProgressUpdate): string {
  const { phase, done, total, imagesPerSecond, etaSeconds } = progress
  if (total <= 0) {
    return done > 0 ? `${phase} ${formatCount(done)} files` : `${phase}…`
  }
  const filled = Math.max(0, Math.min(BAR_WIDTH, Math.round((done / total) * BAR_WIDTH)))
  const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`
  const rate = imagesPerSecond > 0 ? `  ${formatCount(Math.round(imagesPerSecond))} img/s` : ''
  const eta = etaSeconds === null ? '' : `  ETA ${formatDuration(etaSeconds)}`
  return `${phase.padEnd(8)} ${bar} ${formatCount(done)}/${formatCount(total)}${rate}${eta}`
}

/** "imported 1,200 images (1,180 decoded, 20 reused, 3 skipped) in 2.4 s" */
export function renderImportedLine(imageCount: number, stats: ImportStatistics): string {
  return (
    `imported ${formatCount(imageCount)} images (${formatCount(stats.decoded)} decoded, ` +
    `${formatCount(stats.reused)} reused, ${formatCount(stats.skipped)} skipped) in ${stats.seconds.toFixed(1)} s`
  )
}

/** A word as a POSIX shell reads it back: bare when safe, else in single quotes. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`
}

/**
 * After an import with findings or skipped files: how many, and the doctor command (with the same import flags,
 * so it checks what was imported) that lists them. null when there is nothing to look at.
 */
export function renderDoctorPointer(
  source: string,
  findings: readonly Readonly<{ severity: string }>[],
  skipped: number,
  importArgs: readonly string[],
): string | null {
  if (findings.length === 0 && skipped === 0) {
    return null
  }
  const errors = findings.filter((finding) => finding.severity === 'error').length
  const parts = [
    findings.length > 0 ? `${formatCount(findings.length)} doctor finding${findings.length === 1 ? '' : 's'}` : '',
    errors > 0 ? ` (${formatCount(errors)} error${errors === 1 ? '' : 's'})` : '',
    findings.length > 0 && skipped > 0 ? ' and ' : '',
    skipped > 0 ? `${formatCount(skipped)} skipped file${skipped === 1 ? '' : 's'}` : '',
  ]
  const command = ['cnn-studio', 'doctor', source, ...importArgs].map(shellQuote).join(' ')
  return `${parts.join('')}; for the details run: ${command}`
}

export class ImportProgressView {
  private lastPhase = ''
  private lastLog = 0
  private lastLogDone = 0
  private isDrawn = false

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly now: () => number = () => performance.now(),
  ) {}

  update(progress: ImportProgressUpdate): void {
    const line = renderImportProgress(progress)
    if (this.stream.isTTY) {
      // `||`, not `??`: a pseudo-terminal may report 0 columns.
      this.stream.write(`\r${line.slice(0, (this.stream.columns || 120) - 1)}\u001b[K`)
      this.isDrawn = true
      return
    }
    const time = this.now()
    // A log gets no line for a phase that has nothing to count yet ("scanning…"): it would say nothing.
    if (progress.done === 0 && progress.total === 0) {
      return
    }
    const isPhaseDone = progress.total > 0 && progress.done >= progress.total
    const isNewPhase = progress.phase !== this.lastPhase
    if (isNewPhase || time - this.lastLog >= LOG_INTERVAL_MS || (isPhaseDone && this.lastLogDone < progress.done)) {
      this.lastPhase = progress.phase
      this.lastLog = time
      this.lastLogDone = progress.done
      this.stream.write(`${line}\n`)
    }
  }

  /** Removes the redrawn line so the next message starts on a clean line. */
  clear(): void {
    if (this.isDrawn) {
      this.stream.write('\r\u001b[K')
      this.isDrawn = false
    }
  }
}

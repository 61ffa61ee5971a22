// Words and numbers for a running folder upload: "120 of 400 files · 1.2 of 3.4 MB · 2.1 MB/s" and the fraction
// that fills the bar. Pure, so it is tested without a DOM; UploadProgressRow draws it.

import type { UploadProgress } from '../../api/uploadClient'
import { formatCount } from '../../shared/format'

export type UploadDescription = Readonly<{ fraction: number; counts: string; rate: string | null }>

/** Bytes as decimal megabytes, one decimal below 100 MB ("0.4 MB", "12.5 MB", "1,234 MB"). */
export function formatMegabytes(bytes: number): string {
  const megabytes = bytes / 1e6
  return megabytes < 100 ? `${megabytes.toFixed(1)} MB` : `${formatCount(megabytes)} MB`
}

export function describeUpload(progress: UploadProgress): UploadDescription {
  const { files, bytes, totalFiles, totalBytes, bytesPerSecond } = progress
  // Bytes measure the work better than files when sizes differ; an upload of empty files counts files.
  const megabytesDone = formatMegabytes(bytes).replace(' MB', '')
  const fraction = totalBytes > 0 ? bytes / totalBytes : totalFiles > 0 ? files / totalFiles : 0
  return {
    fraction: Math.min(1, Math.max(0, fraction)),
    counts: `${formatCount(files)} of ${formatCount(totalFiles)} files · ${megabytesDone} of ${formatMegabytes(totalBytes)}`,
    rate: bytesPerSecond > 0 ? `${formatMegabytes(bytesPerSecond)}/s` : null,
  }
}

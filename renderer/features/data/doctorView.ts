// The dataset doctor's findings arranged for reading: grouped by severity (problems first), a short title
// per kind, and what to show when a path is clicked (duplicates side by side, anything else on its own).
// Pure; DoctorReport renders it.

import type { DoctorFindingView } from '../../../app/protocol/studioApi'

export type Severity = DoctorFindingView['severity']

export type SeverityGroup = Readonly<{ severity: Severity; title: string; findings: readonly DoctorFindingView[] }>

/** What the source file panel opens: the clicked file first, then the copies it is compared with. */
export type FileRequest = Readonly<{ paths: readonly string[]; reason: string; title: string }>

export const MAX_SIDE_BY_SIDE = 4

const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info']
const SEVERITY_TITLES: Readonly<Record<Severity, string>> = {
  error: 'Fix before training',
  warning: 'Worth a look',
  info: 'For your information',
}

export const FINDING_TITLES: Readonly<Record<DoctorFindingView['kind'], string>> = {
  'exact-duplicates': 'Identical files',
  'near-duplicates': 'Near-duplicates',
  'split-leakage': 'Leakage across splits',
  'empty-class': 'Empty class',
  'class-imbalance': 'Class imbalance',
  'small-images': 'Small images',
  'extreme-aspect-ratio': 'Extreme aspect ratios',
}

const COMPARED_KINDS: ReadonlySet<DoctorFindingView['kind']> = new Set([
  'exact-duplicates',
  'near-duplicates',
  'split-leakage',
])

export function groupBySeverity(findings: readonly DoctorFindingView[]): SeverityGroup[] {
  return SEVERITY_ORDER.map((severity) => ({
    severity,
    title: SEVERITY_TITLES[severity],
    findings: findings.filter((finding) => finding.severity === severity),
  })).filter((group) => group.findings.length > 0)
}

/** A duplicate group opens side by side (the clicked path first); any other finding opens the one file. */
export function fileRequestFor(finding: DoctorFindingView, path: string): FileRequest {
  const others = COMPARED_KINDS.has(finding.kind) ? finding.paths.filter((other) => other !== path) : []
  return {
    paths: [path, ...others].slice(0, MAX_SIDE_BY_SIDE),
    reason: finding.message,
    title: FINDING_TITLES[finding.kind],
  }
}

/** How many of a finding's files are not listed (the host sends at most MAX_FINDING_PATHS). */
export function unlistedCount(finding: DoctorFindingView): number {
  return Math.max(0, finding.pathCount - finding.paths.length)
}

import { describe, expect, test } from 'vitest'
import type { DoctorFindingView } from '../../../../app/protocol/studioApi'
import { fileRequestFor, groupBySeverity, MAX_SIDE_BY_SIDE, unlistedCount } from '../../../../renderer/features/data/doctorView'

function finding(kind: DoctorFindingView['kind'], severity: DoctorFindingView['severity'], paths: string[], pathCount = paths.length) {
  return { kind, severity, message: `${kind} message`, paths, pathCount } satisfies DoctorFindingView
}

describe('groupBySeverity', () => {
  test('errors first, then warnings, then information; empty groups left out; order inside kept', () => {
    const findings = [
      finding('small-images', 'warning', ['a.png']),
      finding('near-duplicates', 'info', ['b.png', 'c.png']),
      finding('split-leakage', 'error', ['d.png', 'e.png']),
      finding('class-imbalance', 'warning', []),
    ]
    expect(groupBySeverity(findings).map((group) => [group.severity, group.findings.map((item) => item.kind)])).toEqual([
      ['error', ['split-leakage']],
      ['warning', ['small-images', 'class-imbalance']],
      ['info', ['near-duplicates']],
    ])
    expect(groupBySeverity([])).toEqual([])
  })
})

describe('fileRequestFor', () => {
  test('duplicates open side by side with the clicked file first, at most four', () => {
    const copies = finding('exact-duplicates', 'warning', ['a', 'b', 'c', 'd', 'e', 'f'])
    expect(fileRequestFor(copies, 'c')).toEqual({ paths: ['c', 'a', 'b', 'd'], reason: 'exact-duplicates message', title: 'Identical files' })
    expect(fileRequestFor(copies, 'c').paths).toHaveLength(MAX_SIDE_BY_SIDE)
    expect(fileRequestFor(finding('split-leakage', 'error', ['x', 'y']), 'y').paths).toEqual(['y', 'x'])
  })

  test('any other finding opens only the clicked file', () => {
    expect(fileRequestFor(finding('small-images', 'warning', ['a', 'b']), 'b').paths).toEqual(['b'])
  })
})

test('unlistedCount is what the host held back', () => {
  expect(unlistedCount(finding('small-images', 'warning', ['a', 'b'], 250))).toBe(248)
  expect(unlistedCount(finding('small-images', 'warning', ['a', 'b']))).toBe(0)
})

import { expect, test } from 'vitest'
import { validateRunId } from '../../../../app/protocol/validateTrainer'
import { makeRunId } from '../../../../renderer/features/train/runId'

test('run ids are readable local times the trainer accepts, and sort by time', () => {
  const early = makeRunId(new Date(2025, 0, 4, 9, 5, 7, 42))
  const late = makeRunId(new Date(2025, 10, 14, 21, 0, 0, 1))
  expect(early).toBe('run-20250104-090507-042')
  expect(validateRunId(early, 'runId')).toBe(early)
  expect([late, early].sort()).toEqual([early, late])
})

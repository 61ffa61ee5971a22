import { expect, test } from 'vitest'
import { MAX_ERRORS, addError, removeError } from '../../../renderer/shell/errorLog'

test('repeats are counted and moved to the end; the list is capped; entries can be removed', () => {
  let entries = addError([], 'a', 1)
  entries = addError(entries, 'b', 2)
  entries = addError(entries, 'a', 3)
  expect(entries).toEqual([
    { id: 2, message: 'b', repeats: 1 },
    { id: 1, message: 'a', repeats: 2 },
  ])
  for (let i = 0; i < 10; i++) {
    entries = addError(entries, `m${i}`, 10 + i)
  }
  expect(entries.map((entry) => entry.message)).toEqual(['m5', 'm6', 'm7', 'm8', 'm9'])
  expect(entries).toHaveLength(MAX_ERRORS)
  expect(removeError(entries, 17).map((entry) => entry.message)).toEqual(['m5', 'm6', 'm8', 'm9'])
})

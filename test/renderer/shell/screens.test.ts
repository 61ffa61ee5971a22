import { expect, test } from 'vitest'
import { SCREENS, screenForShortcut, shortcutLabel } from '../../../renderer/shell/screens'

const keys = { key: '1', ctrlKey: false, metaKey: false, altKey: false, shiftKey: false }

test('Ctrl or Cmd with a digit picks the screen in rail order; anything else does not', () => {
  expect(
    SCREENS.map((screen) => screenForShortcut({ ...keys, key: screen.shortcutKey, ctrlKey: true })),
  ).toEqual(['data', 'model', 'train'])
  expect(screenForShortcut({ ...keys, key: '2', metaKey: true })).toBe('model')
  expect(screenForShortcut({ ...keys, key: '2' })).toBeNull()
  expect(screenForShortcut({ ...keys, key: '2', ctrlKey: true, shiftKey: true })).toBeNull()
  expect(screenForShortcut({ ...keys, key: '9', ctrlKey: true })).toBeNull()
  expect([shortcutLabel('3', true), shortcutLabel('3', false)]).toEqual(['⌘3', 'Ctrl+3'])
})

// Ctrl/Cmd+1/2/3 switch screens from anywhere in the window, including while typing in a field.

import { useEffect } from 'react'
import { screenForShortcut } from './screens'
import type { ScreenId } from './screens'

export function useScreenShortcuts(onScreen: (screen: ScreenId) => void): void {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent): void {
      const screen = screenForShortcut(event)
      if (screen !== null) {
        event.preventDefault()
        onScreen(screen)
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [onScreen])
}

// The system colour scheme as React state, so canvases (diagrams, charts) redraw when it changes. The CSS
// follows prefers-color-scheme by itself; only pixels drawn by script need this.

import { useSyncExternalStore } from 'react'

export type ColorScheme = 'light' | 'dark'

const query = '(prefers-color-scheme: dark)'

export function subscribeColorScheme(onChange: () => void): () => void {
  const media = window.matchMedia(query)
  media.addEventListener('change', onChange)
  return () => media.removeEventListener('change', onChange)
}

export function currentColorScheme(): ColorScheme {
  return window.matchMedia(query).matches ? 'dark' : 'light'
}

export function useColorScheme(): ColorScheme {
  return useSyncExternalStore(subscribeColorScheme, currentColorScheme)
}

// The app's screens, their order in the rail, and the Ctrl/Cmd+digit shortcuts that switch between them.
// Later features add a row here and a panel in App.tsx; nothing else needs to know the list.

export type ScreenId = 'data' | 'model' | 'train'

export type ScreenInfo = Readonly<{ id: ScreenId; title: string; subtitle: string; shortcutKey: string }>

export const SCREENS: readonly ScreenInfo[] = [
  { id: 'data', title: 'Data', subtitle: 'The images the network learns from', shortcutKey: '1' },
  { id: 'model', title: 'Model', subtitle: 'The layers each image passes through', shortcutKey: '2' },
  { id: 'train', title: 'Train', subtitle: 'Teach the network and watch it learn', shortcutKey: '3' },
]

export type ShortcutKeys = Readonly<{
  key: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  shiftKey: boolean
}>

/** The screen a key press asks for (Ctrl+1 or Cmd+1 …), or null when it is not one of ours. */
export function screenForShortcut(keys: ShortcutKeys): ScreenId | null {
  if (!(keys.ctrlKey || keys.metaKey) || keys.altKey || keys.shiftKey) {
    return null
  }
  return SCREENS.find((screen) => screen.shortcutKey === keys.key)?.id ?? null
}

/** "⌘1" on a Mac, "Ctrl+1" elsewhere. */
export function shortcutLabel(key: string, isMac: boolean): string {
  return isMac ? `⌘${key}` : `Ctrl+${key}`
}

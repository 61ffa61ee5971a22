// The three splits by their cache code (0 train, 1 validation, 2 test), in words, for every Data screen label.

export const SPLIT_NAMES: readonly string[] = ['train', 'validation', 'test']

export function splitName(code: number): string {
  return SPLIT_NAMES[code] ?? `split ${code}`
}

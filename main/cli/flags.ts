// Parsing and validating command-line flags. node:util parseArgs does the tokenising; the numeric checks and
// messages (naming the flag, the value and what was expected) are ours.

import { parseArgs } from 'node:util'
import { CliError } from './cliError'

export type FlagSpec = Readonly<Record<string, { type: 'string' | 'boolean'; short?: string }>>

export function parseFlags(args: readonly string[], spec: FlagSpec, command: string): Record<string, string | boolean | undefined> {
  try {
    const { values } = parseArgs({ args: [...args], options: spec, strict: true, allowPositionals: false })
    return values as Record<string, string | boolean | undefined>
  } catch (error) {
    throw new CliError(`cnn-studio ${command}: ${(error as Error).message}. Run 'cnn-studio help' for usage.`)
  }
}

/** Like parseFlags, for commands that also take positional arguments (`cnn-studio doctor <source>`). */
export function parseFlagsAndPositionals(
  args: readonly string[],
  spec: FlagSpec,
  command: string,
): { flags: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: [...args], options: spec, strict: true, allowPositionals: true })
    return { flags: values as Record<string, string | boolean | undefined>, positionals }
  } catch (error) {
    throw new CliError(`cnn-studio ${command}: ${(error as Error).message}. Run 'cnn-studio help' for usage.`)
  }
}

export function integerFlag(value: string | boolean | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) {
    return fallback
  }
  const parsed = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : Number.NaN
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw new CliError(`--${name}: got '${String(value)}', expected a whole number from ${min} to ${max}`)
  }
  return parsed
}

/** A finite number in [min, max], or in (min, max] when `isMinExclusive`. */
export function numberFlag(
  value: string | boolean | undefined,
  name: string,
  fallback: number,
  range: Readonly<{ min: number; max: number; isMinExclusive?: boolean }>,
): number {
  if (value === undefined) {
    return fallback
  }
  const { min, max, isMinExclusive = false } = range
  const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN
  const isAboveMin = isMinExclusive ? parsed > min : parsed >= min
  if (!Number.isFinite(parsed) || !isAboveMin || parsed > max) {
    const lower = isMinExclusive ? `greater than ${min}` : `from ${min}`
    throw new CliError(`--${name}: got '${String(value)}', expected a number ${lower} and at most ${max}`)
  }
  return parsed
}

export function stringFlag(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined
}

// Small checkers for values that arrive from outside (IPC, WebSocket, CLI, files).
// Each throws a ValidationError naming the path of the value, what arrived and what was expected.

import { ValidationError } from './errors'

export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json }

export function describeValue(value: unknown): string {
  if (value === undefined) {
    return 'nothing'
  }
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return String(value)
  }
  if (Array.isArray(value)) {
    return `an array of ${value.length}`
  }
  if (ArrayBuffer.isView(value)) {
    return `a ${value.constructor.name} of ${(value as unknown as { length: number }).length}`
  }
  return `an object with keys ${Object.keys(value as object).slice(0, 8).join(', ') || '(none)'}`
}

export function fail(path: string, value: unknown, expected: string): never {
  throw new ValidationError(`${path}: got ${describeValue(value)}, expected ${expected}`)
}

export function expectRecord(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(path, value, 'an object')
  }
  return value as Record<string, unknown>
}

export function expectString(value: unknown, path: string, options: { maxLength?: number } = {}): string {
  const { maxLength = 4096 } = options
  if (typeof value !== 'string' || value.length > maxLength) {
    fail(path, value, `a string of at most ${maxLength} characters`)
  }
  return value
}

export function expectOneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    fail(path, value, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`)
  }
  return value as T
}

export function expectInteger(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(path, value, `an integer from ${min} to ${max}`)
  }
  return value
}

export function expectNumber(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    fail(path, value, `a finite number from ${min} to ${max}`)
  }
  return value
}

export function expectBoolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') {
    fail(path, value, 'true or false')
  }
  return value
}

export function expectArray(value: unknown, path: string, maxLength = 10_000): readonly unknown[] {
  if (!Array.isArray(value) || value.length > maxLength) {
    fail(path, value, `an array of at most ${maxLength} items`)
  }
  return value
}

export function optional<T>(value: unknown, check: (v: unknown) => T): T | undefined {
  return value === undefined ? undefined : check(value)
}

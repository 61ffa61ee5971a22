// The checkpoint header's side of the codec (checkpoint.ts): which binary sections a checkpoint has, and the
// checks of a header once the file's bytes are known to be intact (field types, the section table, lengths).
// The JSON parts only the caller can judge (spec, hyperparameters, history entries, ...) pass through unchecked.

import { expectArray, expectInteger, expectOneOf, expectRecord, expectString, fail } from '../protocol/validate'

export type Dtype = 'f32' | 'i32' | 'u32'
/** One binary section: `length` elements of `dtype` from byte `offset` of the data area. */
export type SectionEntry = { name: string; dtype: Dtype; offset: number; length: number }
export type SectionName = 'weights' | 'state' | 'optimizerState' | 'rngState' | 'epochOrder'

/** The binary sections a checkpoint has, in file order. */
export const SECTIONS: readonly { name: SectionName; dtype: Dtype }[] = [
  { name: 'weights', dtype: 'f32' },
  { name: 'state', dtype: 'f32' },
  { name: 'optimizerState', dtype: 'f32' },
  { name: 'rngState', dtype: 'u32' },
  { name: 'epochOrder', dtype: 'i32' },
]

/** Every element type is 4 bytes; sections start at multiples of 8 so any reader can view them in place. */
export const ELEMENT_BYTES = 4
export const SECTION_ALIGNMENT = 8

const DTYPES: readonly Dtype[] = ['f32', 'i32', 'u32']
const MAX_LIST_LENGTH = 1_000_000
const MAX_COUNT = Number.MAX_SAFE_INTEGER

export function corruptError(reason: string): Error {
  return new Error(`checkpoint is corrupt: ${reason}`)
}

/** The data area's size in bytes, from a parsed header; needed before anything else can be checked. */
export function readDataBytes(header: unknown): { header: Record<string, unknown>; dataBytes: number } {
  const record = expectRecord(header, 'header')
  return { header: record, dataBytes: expectInteger(record.dataBytes, 'header.dataBytes', 0, MAX_COUNT) }
}

/** The section table by name; refuses sections that reach past the data area, are unaligned or repeated. */
function readSections(value: unknown, dataBytes: number): Map<string, SectionEntry> {
  const entries = new Map<string, SectionEntry>()
  expectArray(value, 'header.sections', 1000).forEach((item, index) => {
    const path = `header.sections[${index}]`
    const record = expectRecord(item, path)
    const section: SectionEntry = {
      name: expectString(record.name, `${path}.name`, { maxLength: 200 }),
      dtype: expectOneOf(record.dtype, `${path}.dtype`, DTYPES),
      offset: expectInteger(record.offset, `${path}.offset`, 0, MAX_COUNT),
      length: expectInteger(record.length, `${path}.length`, 0, Math.floor(MAX_COUNT / ELEMENT_BYTES)),
    }
    const end = section.offset + section.length * ELEMENT_BYTES
    if (end > dataBytes) {
      throw corruptError(
        `section "${section.name}" (data bytes ${section.offset} to ${end}) lies outside the file, ` +
          `whose data area is ${dataBytes} bytes`,
      )
    }
    if (section.offset % SECTION_ALIGNMENT !== 0) {
      throw corruptError(`section "${section.name}" starts at data byte ${section.offset}, not a multiple of 8`)
    }
    if (entries.has(section.name)) {
      throw corruptError(`section "${section.name}" is listed twice`)
    }
    entries.set(section.name, section)
  })
  return entries
}

/** Why names/lengths do not describe a section of `values` values, or null when they do. */
export function layoutProblem(
  names: readonly string[],
  lengths: readonly number[],
  values: number,
  what: string,
): string | null {
  if (names.length !== lengths.length) {
    return `${what}: ${names.length} names but ${lengths.length} lengths`
  }
  const total = lengths.reduce((sum, length) => sum + length, 0)
  return total === values ? null : `${what}: the lengths add up to ${total}, the section holds ${values} values`
}

function expectStrings(value: unknown, path: string): string[] {
  return expectArray(value, path, MAX_LIST_LENGTH).map((item, i) => expectString(item, `${path}[${i}]`))
}

function expectCounts(value: unknown, path: string): number[] {
  return expectArray(value, path, MAX_LIST_LENGTH).map((item, i) => expectCount(item, `${path}[${i}]`))
}

function expectCount(value: unknown, path: string): number {
  return expectInteger(value, path, 0, MAX_COUNT)
}

function expectTime(value: unknown, path: string): string {
  const text = expectString(value, path, { maxLength: 100 })
  if (Number.isNaN(Date.parse(text))) {
    fail(path, text, 'an ISO 8601 time')
  }
  return text
}

/** The header's own fields, checked: everything a Checkpoint holds except its typed arrays. */
function readHeaderFields(header: Record<string, unknown>) {
  const dataset = expectRecord(header.dataset, 'header.dataset')
  const progress = expectRecord(header.progress, 'header.progress')
  return {
    runId: expectString(header.runId, 'header.runId', { maxLength: 1000 }),
    createdAt: expectTime(header.createdAt, 'header.createdAt'),
    spec: header.spec,
    hyperparameters: header.hyperparameters,
    dataset: {
      ref: dataset.ref,
      fingerprint: expectString(dataset.fingerprint, 'header.dataset.fingerprint', { maxLength: 1000 }),
      classNames: expectStrings(dataset.classNames, 'header.dataset.classNames'),
    },
    progress: {
      epoch: expectCount(progress.epoch, 'header.progress.epoch'),
      stepInEpoch: expectCount(progress.stepInEpoch, 'header.progress.stepInEpoch'),
      globalStep: expectCount(progress.globalStep, 'header.progress.globalStep'),
    },
    // JSON has no undefined: a field written as undefined comes back as null.
    earlyStopping: header.earlyStopping ?? null,
    history: [...expectArray(header.history, 'header.history', MAX_LIST_LENGTH)],
    optimizerInfo: header.optimizerInfo ?? null,
    paramNames: expectStrings(header.paramNames, 'header.paramNames'),
    paramLengths: expectCounts(header.paramLengths, 'header.paramLengths'),
    stateNames: expectStrings(header.stateNames, 'header.stateNames'),
    stateLengths: expectCounts(header.stateLengths, 'header.stateLengths'),
  }
}

/**
 * Everything the header says, checked: its fields, and the sections in SECTIONS order (each present, of its
 * dtype, inside the data area, aligned, and as long as paramLengths / stateLengths say).
 */
export function readHeader(header: Record<string, unknown>, dataBytes: number) {
  let fields: ReturnType<typeof readHeaderFields>
  let table: Map<string, SectionEntry>
  try {
    fields = readHeaderFields(header)
    table = readSections(header.sections, dataBytes)
  } catch (error) {
    const message = (error as Error).message
    throw message.startsWith('checkpoint is') ? error : corruptError(`the header is not valid: ${message}`)
  }
  const sections = SECTIONS.map(({ name, dtype }) => {
    const section = table.get(name)
    if (section === undefined || section.dtype !== dtype) {
      const problem = section ? `stored as ${section.dtype}` : 'missing'
      throw corruptError(`section "${name}" (${dtype}) is ${problem}`)
    }
    return section
  })
  const { paramNames, paramLengths, stateNames, stateLengths } = fields
  const layout =
    layoutProblem(paramNames, paramLengths, sections[0].length, 'paramNames/paramLengths and "weights"') ??
    layoutProblem(stateNames, stateLengths, sections[1].length, 'stateNames/stateLengths and "state"')
  if (layout !== null) {
    throw corruptError(layout)
  }
  return { fields, sections }
}

// The checkpoint file: everything a run needs to continue exactly where it stopped (weights, optimiser and
// RNG state, position in the epoch's shuffled order) plus what it was (spec, settings, data, history). Pure
// byte codec; the layout is documented for people in docs/checkpoint-format.md. Files are the host's job
// (main/runs/checkpointStore.ts); checking the JSON parts (spec, hyperparameters, ...) is the caller's.
//
//   "CNNSCKPT" | version u32 | header length u32 | header (UTF-8 JSON) | zero padding to 8 |
//   data: sections at 8-aligned offsets listed in the header | CRC-32 u32 of every byte before it

import { crc32 } from './crc32'
import { corruptError, ELEMENT_BYTES, layoutProblem, readDataBytes, readHeader } from './checkpointHeader'
import { SECTION_ALIGNMENT, SECTIONS } from './checkpointHeader'
import type { SectionEntry } from './checkpointHeader'
import { decodeUtf8Strict, encodeUtf8 } from './utf8'

export const CHECKPOINT_MAGIC = 'CNNSCKPT'
export const CHECKPOINT_VERSION = 1
/** Magic (8 bytes), format version (u32), header length (u32). */
export const CHECKPOINT_PREAMBLE_BYTES = 16

const CRC_BYTES = 4
const MAX_HEADER_BYTES = 64 * 1024 * 1024

/** Where training stands. A checkpoint at an epoch end has stepInEpoch 0 and `epoch` counting that epoch. */
export type CheckpointProgress = Readonly<{
  /** Completed epochs. */
  epoch: number
  /** Optimisation steps done in the current (unfinished) epoch. */
  stepInEpoch: number
  /** Optimisation steps done since the run began (the schedule's position). */
  globalStep: number
}>

/**
 * A run's complete state. The `unknown` fields are JSON written as given (NaN and Infinity become null, as in
 * JSON.stringify) and returned as parsed: callers validate them (validateNetworkSpec for `spec`).
 */
export type Checkpoint = Readonly<{
  runId: string
  /** ISO 8601 time of writing, e.g. new Date().toISOString(). */
  createdAt: string
  spec: unknown
  hyperparameters: unknown
  dataset: Readonly<{ ref: unknown; fingerprint: string; classNames: readonly string[] }>
  progress: CheckpointProgress
  earlyStopping: unknown
  /** Per-epoch metrics, oldest first. */
  history: readonly unknown[]
  /** What `optimizerState` holds (kind, step count, ...), or null. */
  optimizerInfo: unknown
  /** Network.params() names and value counts, in order; `weights` is their values concatenated. */
  paramNames: readonly string[]
  paramLengths: readonly number[]
  weights: Float32Array
  /** Network.state() names and value counts (batch-norm running statistics); `state` concatenated. */
  stateNames: readonly string[]
  stateLengths: readonly number[]
  state: Float32Array
  optimizerState: Float32Array
  /** Random.getState() words of the run's generators, concatenated. */
  rngState: Uint32Array
  /** The current epoch's shuffled order of training-sample indices, so a mid-epoch resume continues exactly. */
  epochOrder: Int32Array
}>

const IS_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1

function alignUp(value: number): number {
  return Math.ceil(value / SECTION_ALIGNMENT) * SECTION_ALIGNMENT
}

export function encodeCheckpoint(checkpoint: Checkpoint): Uint8Array {
  if (!IS_LITTLE_ENDIAN) {
    throw new Error('encodeCheckpoint: checkpoints are little-endian and this machine is not')
  }
  const { progress } = checkpoint
  const problem =
    layoutProblem(checkpoint.paramNames, checkpoint.paramLengths, checkpoint.weights.length, 'params') ??
    layoutProblem(checkpoint.stateNames, checkpoint.stateLengths, checkpoint.state.length, 'state') ??
    ([progress.epoch, progress.stepInEpoch, progress.globalStep].every((n) => Number.isSafeInteger(n) && n >= 0)
      ? null
      : `progress must be whole numbers ≥ 0, got ${JSON.stringify(progress)}`)
  if (problem !== null) {
    throw new Error(`encodeCheckpoint: ${problem}`)
  }
  const arrays = SECTIONS.map(({ name }) => checkpoint[name])
  const sections: SectionEntry[] = []
  let dataBytes = 0
  SECTIONS.forEach(({ name, dtype }, index) => {
    const offset = alignUp(dataBytes)
    sections.push({ name, dtype, offset, length: arrays[index].length })
    dataBytes = offset + arrays[index].byteLength
  })
  const { runId, createdAt, spec, hyperparameters, dataset, earlyStopping, history, optimizerInfo } = checkpoint
  const { paramNames, paramLengths, stateNames, stateLengths } = checkpoint
  const header = {
    runId,
    createdAt,
    progress,
    dataset,
    spec,
    hyperparameters,
    earlyStopping,
    history,
    optimizerInfo,
    paramNames,
    paramLengths,
    stateNames,
    stateLengths,
    sections,
    dataBytes,
  }
  const headerBytes = encodeUtf8(JSON.stringify(header))
  const dataStart = alignUp(CHECKPOINT_PREAMBLE_BYTES + headerBytes.length)
  const bytes = new Uint8Array(dataStart + dataBytes + CRC_BYTES)
  for (let i = 0; i < CHECKPOINT_MAGIC.length; i++) {
    bytes[i] = CHECKPOINT_MAGIC.charCodeAt(i)
  }
  const view = new DataView(bytes.buffer)
  view.setUint32(8, CHECKPOINT_VERSION, true)
  view.setUint32(12, headerBytes.length, true)
  bytes.set(headerBytes, CHECKPOINT_PREAMBLE_BYTES)
  sections.forEach((section, index) => {
    const array = arrays[index]
    bytes.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), dataStart + section.offset)
  })
  view.setUint32(dataStart + dataBytes, crc32(bytes.subarray(0, dataStart + dataBytes)), true)
  return bytes
}

function describeMagic(magic: Uint8Array): string {
  const text = String.fromCharCode(...magic)
  return /^[\x20-\x7e]*$/.test(text)
    ? JSON.stringify(text)
    : `bytes ${Array.from(magic, (byte) => byte.toString(16).padStart(2, '0')).join(' ')}`
}

function truncated(expected: string, actual: number): Error {
  return new Error(
    `checkpoint is truncated: expected ${expected}, the file has ${actual} bytes ` +
      '(it was cut short, for example by an interrupted copy or a full disk)',
  )
}

/** Checks magic, version and header length; returns the header's JSON text and where the data starts. */
function readPreamble(bytes: Uint8Array): { headerText: string; dataStart: number } {
  if (bytes.length < CHECKPOINT_PREAMBLE_BYTES) {
    throw truncated(`at least ${CHECKPOINT_PREAMBLE_BYTES} bytes (magic, version, header length)`, bytes.length)
  }
  const magic = bytes.subarray(0, CHECKPOINT_MAGIC.length)
  if (String.fromCharCode(...magic) !== CHECKPOINT_MAGIC) {
    throw new Error(
      `not a CNN Studio checkpoint: the file starts with ${describeMagic(magic)}, not "${CHECKPOINT_MAGIC}"`,
    )
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const version = view.getUint32(8, true)
  if (version > CHECKPOINT_VERSION) {
    throw new Error(
      `checkpoint written by a newer CNN Studio (format ${version}, ` +
        `this one reads up to ${CHECKPOINT_VERSION}): update CNN Studio to open it`,
    )
  }
  if (version < 1) {
    throw corruptError(`format version ${version} does not exist (versions start at 1)`)
  }
  const headerLength = view.getUint32(12, true)
  if (headerLength > MAX_HEADER_BYTES) {
    throw corruptError(`header length ${headerLength} bytes, more than the ${MAX_HEADER_BYTES} allowed`)
  }
  const headerEnd = CHECKPOINT_PREAMBLE_BYTES + headerLength
  if (bytes.length < headerEnd) {
    throw truncated(`at least ${headerEnd} bytes to hold its ${headerLength}-byte header`, bytes.length)
  }
  let headerText: string
  try {
    headerText = decodeUtf8Strict(bytes.subarray(CHECKPOINT_PREAMBLE_BYTES, headerEnd))
  } catch (error) {
    throw corruptError(`the header is not valid UTF-8 (${(error as Error).message})`)
  }
  return { headerText, dataStart: alignUp(headerEnd) }
}

/** Refuses a file whose length is not what its header says or whose CRC-32 does not match its contents. */
function checkLengthAndCrc(bytes: Uint8Array, dataEnd: number): void {
  const expectedLength = dataEnd + CRC_BYTES
  if (bytes.length < expectedLength) {
    throw truncated(`${expectedLength} bytes (as its header says)`, bytes.length)
  }
  if (bytes.length > expectedLength) {
    const extra = bytes.length - expectedLength
    throw corruptError(`${extra} unexpected bytes after the end (${expectedLength} bytes)`)
  }
  const stored = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(dataEnd, true)
  const computed = crc32(bytes.subarray(0, dataEnd))
  if (stored !== computed) {
    const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`
    throw new Error(
      `checkpoint is corrupted: its CRC-32 is ${hex(stored)} but the contents give ${hex(computed)}; ` +
        'the file was damaged after it was written',
    )
  }
}

/** Copies a section out of the file, so the result owns aligned memory and the file's bytes can be dropped. */
function copySection(bytes: Uint8Array, start: number, section: SectionEntry): ArrayBuffer {
  return bytes.slice(start + section.offset, start + section.offset + section.length * ELEMENT_BYTES).buffer
}

/**
 * Decodes a checkpoint or throws saying what is wrong and why: not a checkpoint (magic), a newer format,
 * truncated (expected vs actual bytes), corrupted (CRC), or an inconsistent header. Never returns part of one.
 */
export function decodeCheckpoint(bytes: Uint8Array): Checkpoint {
  if (!IS_LITTLE_ENDIAN) {
    throw new Error('decodeCheckpoint: checkpoints are little-endian and this machine is not')
  }
  const { headerText, dataStart } = readPreamble(bytes)
  let parsed: ReturnType<typeof readDataBytes>
  try {
    parsed = readDataBytes(JSON.parse(headerText))
  } catch (error) {
    throw corruptError(`the header is not valid JSON of a checkpoint: ${(error as Error).message}`)
  }
  const { header, dataBytes } = parsed
  checkLengthAndCrc(bytes, dataStart + dataBytes)
  const { fields, sections } = readHeader(header, dataBytes)
  const [weights, state, optimizerState, rngState, epochOrder] = sections
  return {
    ...fields,
    weights: new Float32Array(copySection(bytes, dataStart, weights)),
    state: new Float32Array(copySection(bytes, dataStart, state)),
    optimizerState: new Float32Array(copySection(bytes, dataStart, optimizerState)),
    rngState: new Uint32Array(copySection(bytes, dataStart, rngState)),
    epochOrder: new Int32Array(copySection(bytes, dataStart, epochOrder)),
  }
}

// The names a serve-mode upload may use: upload ids (random hex) and the '/'-separated relative paths of its
// files. Everything here is a pure check on a string; writing the files (and refusing symlinks on the way) is
// uploadFiles.ts. Messages name the value and what was expected, and travel to the browser as they are.

import { UploadError } from './uploadError'

/** 128 random bits as lowercase hex: POST /upload makes one, every other upload route names one. */
export const UPLOAD_ID_PATTERN = /^[0-9a-f]{32}$/
export const MAX_PATH_CHARACTERS = 1024
export const MAX_PATH_DEPTH = 32
/** The longest file or folder name most filesystems accept (NAME_MAX), in UTF-8 bytes. */
export const MAX_SEGMENT_BYTES = 255

// Characters Windows refuses in names (':' would even open an alternate data stream); checked there only.
const WINDOWS_FORBIDDEN = /[<>:"|?*]/
const encoder = new TextEncoder()

function quoted(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value)
}

export function expectUploadId(value: string): string {
  if (!UPLOAD_ID_PATTERN.test(value)) {
    throw new UploadError(400, `upload id: got ${quoted(value)}, expected 32 lowercase hex digits from POST /upload`)
  }
  return value
}

/**
 * A file's path inside an upload, checked and NFC-normalised (macOS hands out decomposed names; the importer and
 * the manifest compare composed ones). Returns the path's segments. Throws UploadError 400 naming the problem.
 */
export function validateUploadPath(raw: string, platform: NodeJS.Platform = process.platform): string[] {
  const path = raw.normalize('NFC')
  const refuse = (expected: string): never => {
    throw new UploadError(400, `file path ${quoted(raw)}: expected ${expected}`)
  }
  if (path.length === 0) {
    refuse('a non-empty relative path such as "cats/1.png"')
  }
  if ([...path].length > MAX_PATH_CHARACTERS) {
    refuse(`at most ${MAX_PATH_CHARACTERS} characters`)
  }
  if (/\p{Cc}/u.test(path)) {
    refuse('no NUL or other control characters')
  }
  if (path.includes('\\')) {
    refuse("'/' between folders, never a backslash")
  }
  if (path.startsWith('/')) {
    refuse('a relative path (no leading "/")')
  }
  const segments = path.split('/')
  if (segments.length > MAX_PATH_DEPTH) {
    refuse(`at most ${MAX_PATH_DEPTH} levels of folders and file name`)
  }
  for (const segment of segments) {
    if (segment === '') {
      refuse('no empty segments ("a//b" or a trailing "/")')
    }
    if (segment === '.' || segment === '..') {
      refuse('no "." or ".." segments')
    }
    if (encoder.encode(segment).length > MAX_SEGMENT_BYTES) {
      refuse(`names of at most ${MAX_SEGMENT_BYTES} UTF-8 bytes`)
    }
    if (platform === 'win32' && (WINDOWS_FORBIDDEN.test(segment) || /[. ]$/.test(segment))) {
      refuse('names without <>:"|?* and not ending in a dot or space (this server runs on Windows)')
    }
  }
  return segments
}

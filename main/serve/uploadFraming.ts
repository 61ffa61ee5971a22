// The body of POST /upload/<id>/files: repeated records [u32 LE path byte length][UTF-8 path][u32 LE file byte
// length][file bytes] (docs/protocol.md, "Uploads"). This file only cuts a body into records and refuses bad
// framing; what the paths may say is uploadPaths.ts, where the bytes go is uploadFiles.ts.

import { UploadError } from './uploadError'
import { MAX_PATH_CHARACTERS } from './uploadPaths'

export type UploadRecord = Readonly<{ path: string; bytes: Uint8Array }>

/** A path of MAX_PATH_CHARACTERS characters takes at most 4 UTF-8 bytes each. */
export const MAX_PATH_BYTES = MAX_PATH_CHARACTERS * 4

const decoder = new TextDecoder('utf-8', { fatal: true })

/** The records of a body, in order; `bytes` are views into `body`, not copies. Throws UploadError 400. */
export function parseUploadRecords(body: Uint8Array): UploadRecord[] {
  if (body.length === 0) {
    throw new UploadError(400, 'upload body: got 0 bytes, expected at least one record (docs/protocol.md, "Uploads")')
  }
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength)
  const records: UploadRecord[] = []
  let offset = 0
  while (offset < body.length) {
    const where = `upload body, record ${records.length + 1} at byte ${offset}`
    const need = (count: number, what: string): void => {
      if (body.length - offset < count) {
        throw new UploadError(
          400,
          `${where}: truncated: expected ${count} bytes of ${what}, got ${body.length - offset} before the body ends`,
        )
      }
    }
    need(4, 'path length')
    const pathLength = view.getUint32(offset, true)
    offset += 4
    if (pathLength === 0 || pathLength > MAX_PATH_BYTES) {
      throw new UploadError(400, `${where}: path length ${pathLength}, expected 1 to ${MAX_PATH_BYTES} bytes`)
    }
    need(pathLength, 'path')
    let path: string
    try {
      path = decoder.decode(body.subarray(offset, offset + pathLength))
    } catch {
      throw new UploadError(400, `${where}: the path is not valid UTF-8`)
    }
    offset += pathLength
    need(4, 'file length')
    const fileLength = view.getUint32(offset, true)
    offset += 4
    need(fileLength, `file "${path}"`)
    records.push({ path, bytes: body.subarray(offset, offset + fileLength) })
    offset += fileLength
  }
  return records
}

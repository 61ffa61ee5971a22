// How a folder upload is cut into request bodies (docs/protocol.md, "Uploads"): files in order, packed into
// bodies of about UPLOAD_CHUNK_BYTES, each body the records [u32 LE path length][UTF-8 path][u32 LE file
// length][file bytes]. Pure: no requests here (uploadClient.ts sends them).

export type UploadFile = Readonly<{ relativePath: string; file: Blob }>

export type ChunkLimits = Readonly<{
  /** A body is closed once the next file would take it past this (a bigger file goes alone). */
  chunkBytes: number
  chunkFiles: number
  /** The server's limit per request: a file whose record does not fit is left out. */
  maxRequestBytes: number
}>

export type UploadChunk = Readonly<{ files: readonly UploadFile[]; fileBytes: number }>

export const UPLOAD_CHUNK_BYTES = 4 * 1024 * 1024
/** Many tiny files make many disk writes per request; this keeps each answer (and progress step) prompt. */
export const UPLOAD_CHUNK_FILES = 2000

const encoder = new TextEncoder()

/** The bytes one file takes in a body: both lengths, the UTF-8 path and the file. */
export function recordBytes(file: UploadFile): number {
  return 8 + encoder.encode(file.relativePath).length + file.file.size
}

/** Groups files, in order, into bodies; files too big for any request come back in `tooLarge`. */
export function planUploadChunks(
  files: readonly UploadFile[],
  limits: ChunkLimits,
): { chunks: UploadChunk[]; tooLarge: UploadFile[] } {
  const chunks: UploadChunk[] = []
  const tooLarge: UploadFile[] = []
  let current: UploadFile[] = []
  let currentBytes = 0
  let currentFileBytes = 0
  const close = (): void => {
    if (current.length > 0) {
      chunks.push({ files: current, fileBytes: currentFileBytes })
    }
    current = []
    currentBytes = 0
    currentFileBytes = 0
  }
  for (const file of files) {
    const size = recordBytes(file)
    if (size > limits.maxRequestBytes) {
      tooLarge.push(file)
      continue
    }
    if (current.length > 0 && (currentBytes + size > limits.chunkBytes || current.length >= limits.chunkFiles)) {
      close()
    }
    current.push(file)
    currentBytes += size
    currentFileBytes += file.file.size
  }
  close()
  return { chunks, tooLarge }
}

/** One request body: the records as a Blob of small headers and the files themselves (no bytes are copied). */
export function encodeUploadChunk(files: readonly UploadFile[]): Blob {
  const parts: BlobPart[] = []
  for (const { relativePath, file } of files) {
    const path = encoder.encode(relativePath)
    const head = new Uint8Array(4 + path.length)
    new DataView(head.buffer).setUint32(0, path.length, true)
    head.set(path, 4)
    const length = new Uint8Array(4)
    new DataView(length.buffer).setUint32(0, file.size, true)
    parts.push(head, length, file)
  }
  return new Blob(parts, { type: 'application/octet-stream' })
}

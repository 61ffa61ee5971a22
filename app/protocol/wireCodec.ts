// JSON text frames that carry typed arrays as base64, for the serve-mode WebSocket.
// Structured clone does this for Electron IPC and child_process 'advanced' serialization;
// a browser WebSocket has no such thing, and a JSON list of numbers would be ~5× larger and slow.

// Both exist in browsers and in Node ≥ 16; declared here because app/ compiles without DOM or Node types.
declare const btoa: (binary: string) => string
declare const atob: (base64: string) => string

const TYPED_ARRAY_TAG = '$typed'

type TypedArrayName = 'Uint8Array' | 'Float32Array' | 'Int32Array' | 'Uint32Array'

function toBase64(bytes: Uint8Array): string {
  let binary = ''
  const chunk = 0x8000
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk))
  }
  return btoa(binary)
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i)
  }
  return bytes
}

export function encodeFrame(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (ArrayBuffer.isView(item) && !(item instanceof DataView)) {
      const name = item.constructor.name as TypedArrayName
      const bytes = new Uint8Array(item.buffer, item.byteOffset, item.byteLength)
      return { [TYPED_ARRAY_TAG]: name, data: toBase64(bytes) }
    }
    return item
  })
}

/** Parses a frame; throws SyntaxError on text that is not JSON. */
export function decodeFrame(text: string): unknown {
  return JSON.parse(text, (_key, item: unknown) => {
    if (typeof item === 'object' && item !== null && TYPED_ARRAY_TAG in item) {
      const { [TYPED_ARRAY_TAG]: name, data } = item as { [TYPED_ARRAY_TAG]: unknown; data: unknown }
      if (typeof data !== 'string') {
        return item
      }
      const bytes = fromBase64(data)
      switch (name) {
        case 'Uint8Array':
          return bytes
        case 'Float32Array':
          return new Float32Array(bytes.buffer, 0, bytes.byteLength / 4)
        case 'Int32Array':
          return new Int32Array(bytes.buffer, 0, bytes.byteLength / 4)
        case 'Uint32Array':
          return new Uint32Array(bytes.buffer, 0, bytes.byteLength / 4)
        default:
          return item
      }
    }
    return item
  })
}

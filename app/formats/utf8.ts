// UTF-8 for the byte codecs in app/formats/: TextEncoder and TextDecoder exist in browsers and in Node, but app/
// compiles without DOM or Node types, so they are declared once here. Strict decoding: bad bytes throw.

declare class TextEncoder {
  encode(text: string): Uint8Array
  encodeInto(text: string, target: Uint8Array): { read: number; written: number }
}
declare class TextDecoder {
  constructor(label: string, options: { fatal: boolean })
  decode(bytes: Uint8Array): string
}

const encoder = new TextEncoder()
const strictDecoder = new TextDecoder('utf-8', { fatal: true })

export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text)
}

/** Writes text into target (which must have room: 3 bytes per UTF-16 code unit); returns the bytes written. */
export function encodeUtf8Into(text: string, target: Uint8Array): number {
  return encoder.encodeInto(text, target).written
}

/** Throws a TypeError on bytes that are not UTF-8 (a damaged file), instead of inserting U+FFFD. */
export function decodeUtf8Strict(bytes: Uint8Array): string {
  return strictDecoder.decode(bytes)
}

// UTF-8 for the byte codecs in app/formats/: TextEncoder and TextDecoder exist in browsers and in Node, but app/
// compiles without DOM or Node types, so they are declared once here. Strict decoding: bad bytes throw.

declare class TextEncoder {
  encode(text: string): Uint8Array
}
declare class TextDecoder {
  constructor(label: string, options: { fatal: boolean })
  decode(bytes: Uint8Array): string
}

export function encodeUtf8(text: string): Uint8Array {
  return new TextEncoder().encode(text)
}

/** Throws a TypeError on bytes that are not UTF-8 (a damaged file), instead of inserting U+FFFD. */
export function decodeUtf8Strict(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
}

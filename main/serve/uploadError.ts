// The one error type of serve-mode uploads: a message for the browser plus the HTTP status it is answered with
// (400 bad request, 404 unknown upload, 405 wrong method, 409 wrong state, 413 too large).

export class UploadError extends Error {
  override name = 'UploadError'

  constructor(
    readonly status: 400 | 404 | 405 | 409 | 413,
    message: string,
    /** For 405: the method the route takes (the Allow header). */
    readonly allow?: string,
  ) {
    super(message)
  }
}

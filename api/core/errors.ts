/** Machine codes a client can branch on; the message is for people. */
export type ErrorCode =
  | 'invalid_input'
  | 'malformed_body'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'not_found'
  | 'rate_limited'
  | 'unauthorized'
  | 'forbidden'
  | 'schema_outdated'
  | 'internal';

/**
 * An error meant for the client: a status, a machine code, a message and, for invalid input, a
 * message per field. Thrown anywhere, turned into a response in one place (app.onError).
 */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 413 | 415 | 422 | 429 | 500 | 503,
    readonly code: ErrorCode,
    message: string,
    readonly fields: Record<string, string> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toJSON(): { error: { code: ErrorCode; message: string; fields?: Record<string, string> } } {
    const fields = Object.keys(this.fields).length ? { fields: this.fields } : {};
    return { error: { code: this.code, message: this.message, ...fields } };
  }
}

export const notFound = (what: string, field?: string): ApiError =>
  new ApiError(404, 'not_found', `${what} not found`, field ? { [field]: `${what} not found` } : {});

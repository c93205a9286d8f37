import type { Context } from 'hono';
import { ApiError } from '../core/errors.ts';

export type BodyMode = 'json' | 'form';

/** JSON clients get JSON answers; plain HTML forms get pages and redirects. */
export function bodyMode(c: Context): BodyMode {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json') return 'json';
  if (type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data') return 'form';
  throw new ApiError(415, 'unsupported_media_type', 'Send the fields as application/json or as a form (application/x-www-form-urlencoded)');
}

/** Reads the request body as an object of fields, refusing what cannot be read. */
export async function readFields(c: Context, mode: BodyMode): Promise<Record<string, unknown>> {
  if (mode === 'json') {
    let value: unknown;
    try {
      value = await c.req.json();
    } catch {
      throw new ApiError(400, 'malformed_body', 'The request body is not valid JSON');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ApiError(400, 'malformed_body', 'The request body must be a JSON object of fields');
    }
    return value as Record<string, unknown>;
  }
  let form: Record<string, unknown>;
  try {
    form = await c.req.parseBody();
  } catch {
    throw new ApiError(400, 'malformed_body', 'The form data could not be read');
  }
  for (const [name, value] of Object.entries(form)) {
    if (typeof value !== 'string') throw new ApiError(400, 'malformed_body', `Field ${name.slice(0, 64)} must be text, not a file`, { [name.slice(0, 64)]: 'Must be text, not a file' });
  }
  return form;
}

import type { Context } from 'hono';
import { ApiError } from '../core/errors.ts';

export type BodyMode = 'json' | 'form';

/** Whether the request body is a form (url-encoded or multipart), going by its Content-Type. */
export function isFormBody(c: Context): boolean {
  return mediaType(c) === 'application/x-www-form-urlencoded' || mediaType(c) === 'multipart/form-data';
}

function mediaType(c: Context): string {
  return (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** JSON clients get JSON answers; plain HTML forms get pages and redirects. */
export function bodyMode(c: Context): BodyMode {
  if (mediaType(c) === 'application/json') return 'json';
  if (isFormBody(c)) return 'form';
  throw new ApiError(415, 'unsupported_media_type', 'Send the fields as application/json or as a form (application/x-www-form-urlencoded)');
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
// a UTF-16 half without its other half: JSON can spell one (\ud800), no text contains one
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const notUtf8 = () => new ApiError(400, 'malformed_body', 'The request body is not valid UTF-8');

/** The body as text, refusing bytes that are not UTF-8 rather than storing replacement characters. */
async function bodyText(c: Context): Promise<string> {
  const bytes = await c.req.arrayBuffer();
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw notUtf8();
  }
}

/** application/x-www-form-urlencoded, with escapes that must decode to UTF-8; the last of a repeated name wins. */
function parseUrlEncoded(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const decode = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const split = pair.indexOf('=');
    try {
      fields[decode(split < 0 ? pair : pair.slice(0, split))] = split < 0 ? '' : decode(pair.slice(split + 1));
    } catch {
      throw notUtf8();
    }
  }
  return fields;
}

function checkText(fields: Record<string, unknown>): Record<string, unknown> {
  for (const [name, value] of Object.entries(fields)) {
    if (LONE_SURROGATE.test(name) || (typeof value === 'string' && LONE_SURROGATE.test(value))) throw notUtf8();
  }
  return fields;
}

/** Reads the request body as an object of fields, refusing what cannot be read. */
export async function readFields(c: Context, mode: BodyMode): Promise<Record<string, unknown>> {
  const encoding = c.req.header('content-encoding')?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') {
    throw new ApiError(415, 'unsupported_media_type', `Request bodies are read as sent; ${encoding.slice(0, 32)} is not accepted`);
  }
  if (mode === 'json') {
    const text = await bodyText(c);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new ApiError(400, 'malformed_body', 'The request body is not valid JSON');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ApiError(400, 'malformed_body', 'The request body must be a JSON object of fields');
    }
    return checkText(value as Record<string, unknown>);
  }
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return checkText(parseUrlEncoded(await bodyText(c)));
  let form: Record<string, unknown>;
  try {
    form = await c.req.parseBody();
  } catch {
    throw new ApiError(400, 'malformed_body', 'The form data could not be read');
  }
  for (const [name, value] of Object.entries(form)) {
    if (typeof value !== 'string')
      throw new ApiError(400, 'malformed_body', `Field ${name.slice(0, 64)} must be text, not a file`, {
        [name.slice(0, 64)]: 'Must be text, not a file',
      });
  }
  return checkText(form);
}

// zod/mini: the same checks and messages as zod's classic API, at a fraction of its bundle size
// (the edge entry ships every byte it imports)
import * as z from 'zod/mini';
import { ApiError } from './errors.ts';

/** Empty strings from forms mean "not given". */
const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalField = <T extends z.core.SomeType>(schema: T) => z.pipe(z.transform(blankToUndefined), z.optional(schema));

const text = (label: string, max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${label} is required` : `${label} must be text`) })
    .check(
      z.trim(),
      z.minLength(1, `${label} is required`),
      z.maxLength(max, `${label} must be at most ${max.toLocaleString('en')} characters`),
    );

const httpUrl = z.string({ error: 'Website must be text' }).check(
  z.trim(),
  z.maxLength(2000, 'Website must be at most 2,000 characters'),
  z.refine((value: string) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
    message: 'Website must be an http:// or https:// address',
  }),
);

const PARENT = 'Parent must be the number of a comment';

export const commentInputSchema = z.strictObject(
  {
    name: text('Name', 80),
    body: text('Reply', 10_000),
    url: optionalField(httpUrl),
    email: optionalField(z.email({ error: 'Email must be a valid address, like you@example.org' }).check(z.maxLength(254))),
    parent: optionalField(
      z.pipe(z.coerce.number({ error: PARENT }), z.int(PARENT).check(z.positive(PARENT), z.maximum(Number.MAX_SAFE_INTEGER))),
    ),
    // "email me when someone answers": a checkbox posts "1" (or "on"), JSON may say true
    notify: z.pipe(
      z.transform((value: unknown) =>
        ['1', 'on', 'true', true].includes(value as string) ? true : ['', '0', 'false', false].includes(value as string) ? false : value,
      ),
      z.optional(z.boolean({ error: 'Notify must be 1 (ticked) or left out' })),
    ),
    // the honeypot: hidden from people, filled in by naive bots
    website: optionalField(z.undefined({ error: 'Leave this field empty' })),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `Unknown field: ${issue.keys.join(', ')}` : undefined) },
);

export type CommentInput = z.infer<typeof commentInputSchema>;

/** Validates a comment, throwing a 422 that names every bad field. */
export function parseCommentInput(input: unknown): CommentInput {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ApiError(400, 'malformed_body', 'The request body must be an object of fields');
  }
  const result = commentInputSchema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[key.slice(0, 64)] ??= `Unknown field: ${key.slice(0, 64)}`;
      continue;
    }
    const field = String(issue.path[0] ?? 'body');
    fields[field] ??= issue.message;
  }
  throw new ApiError(422, 'invalid_input', 'Some fields need attention', fields);
}

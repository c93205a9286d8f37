import { z } from 'zod';
import { ApiError } from './errors.ts';

/** Empty strings from forms mean "not given". */
const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const text = (label: string, max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${label} is required` : `${label} must be text`) })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max.toLocaleString('en')} characters`);

const httpUrl = z
  .string({ error: 'Website must be text' })
  .trim()
  .max(2000, 'Website must be at most 2,000 characters')
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
    message: 'Website must be an http:// or https:// address',
  });

export const commentInputSchema = z.strictObject(
  {
    name: text('Name', 80),
    body: text('Reply', 10_000),
    url: z.preprocess(blankToUndefined, httpUrl.optional()),
    email: z.preprocess(blankToUndefined, z.email({ error: 'Email must be a valid address, like you@example.org' }).max(254).optional()),
    parent: z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ error: 'Parent must be the number of a comment' })
        .int('Parent must be the number of a comment')
        .positive('Parent must be the number of a comment')
        .max(Number.MAX_SAFE_INTEGER)
        .optional(),
    ),
    // "email me when someone answers": a checkbox posts "1" (or "on"), JSON may say true
    notify: z.preprocess(
      (value) =>
        ['1', 'on', 'true', true].includes(value as string) ? true : ['', '0', 'false', false].includes(value as string) ? false : value,
      z.boolean({ error: 'Notify must be 1 (ticked) or left out' }).optional(),
    ),
    // the honeypot: hidden from people, filled in by naive bots
    website: z.preprocess(blankToUndefined, z.undefined({ error: 'Leave this field empty' }).optional()),
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

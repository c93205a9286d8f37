/**
 * The Parley export file, version 1 (docs/export-schema.md describes it for people). `parley
 * export` writes it and `parley import parley` reads it back, each element checked with these
 * schemas.
 */
import { z } from 'zod';

export const EXPORT_FORMAT = 'parley-export';
export const EXPORT_VERSION = 1;

const date = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO 8601 date');
const nullableText = z.string().nullable();

export const exportedPost = z.object({
  slug: z.string().min(1),
  url: z.string(),
  title: z.string(),
  published: date,
  updated: date.nullable(),
  status: z.enum(['published', 'gone']),
});

export const exportedBlock = z.object({
  kind: z.enum(['domain', 'person']),
  value: z.string().min(1),
  created: date,
});

export const exportedInteraction = z.object({
  id: z.int().positive(),
  post: z.string().min(1),
  parent: z.int().positive().nullable(),
  kind: z.enum(['comment', 'reply', 'like', 'repost', 'bookmark', 'mention']),
  origin: z.enum(['comment', 'webmention']),
  status: z.enum(['pending', 'published', 'spam', 'removed']),
  author: z.object({
    name: z.string(),
    url: nullableText,
    photo: nullableText,
    email: nullableText,
    owner: z.boolean(),
  }),
  content: z.object({ html: z.string(), text: z.string() }),
  url: z.string(),
  sourceUrl: nullableText,
  published: date,
  updated: date.nullable(),
  received: date,
  /** Present when the item came into Parley from another system: that identity is kept. */
  imported: z.object({ source: z.enum(['wordpress', 'disqus', 'webmention.io']), id: z.string().min(1) }).optional(),
});

export const exportedPerson = z.object({
  key: z.string(),
  name: z.string(),
  url: nullableText,
  photo: nullableText,
  interactions: z.int().nonnegative(),
  posts: z.int().nonnegative(),
  first: date,
  last: date,
});

export const exportedOwner = z.object({ name: z.string(), url: z.string(), photo: nullableText });

/** Settings that leave with the data: never a secret. Anything not listed here stays behind. */
export const exportedSettings = z.object({ owner: exportedOwner.optional() });

export const exportHeader = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  site: z.object({ url: z.string() }),
});

export type ExportedPost = z.infer<typeof exportedPost>;
export type ExportedBlock = z.infer<typeof exportedBlock>;
export type ExportedInteraction = z.infer<typeof exportedInteraction>;
export type ExportedPerson = z.infer<typeof exportedPerson>;
export type ExportedSettings = z.infer<typeof exportedSettings>;

/** Names the first problem of an element that failed its schema, for the error message. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'value'}: ${issue.message}` : 'invalid';
}
